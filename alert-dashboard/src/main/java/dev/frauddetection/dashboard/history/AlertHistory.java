package dev.frauddetection.dashboard.history;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.dashboard.model.AccountRisk;
import dev.frauddetection.dashboard.model.AlertRecord;
import dev.frauddetection.dashboard.model.CardNumbers;
import dev.frauddetection.dashboard.model.TriageOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored alerts (the detector's fraud_alert), newest first, with the card's last 4 digits from the payment and
 * the analyst's triage. Filters are bind parameters, never spliced text; each is optional ($n IS NULL OR ...).
 */
@ApplicationScoped
public class AlertHistory {

    /** One page and where the next one starts (null on the last page). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Page(List<AlertRecord> items, String nextCursor) {
    }

    /**
     * The alert's transaction id as a uuid, to join the payment by its primary key; null (no card shown) for an id
     * that is not a uuid, which only a hand-written alert could have.
     */
    private static final String UUID_OF_ALERT = "(CASE WHEN a.transaction_id ~* "
            + "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN a.transaction_id::uuid END)";

    private static final String SELECT = """
            SELECT a.transaction_id, a.account_id, a.merchant_id, t.card_last4, a.amount::text AS amount, a.currency,
                   a.score, a.decision, a.rules, a.reasons, a.model_version, a.event_time, a.decided_at,
                   g.outcome, g.analyst, g.decided_at AS triaged_at
            FROM fraud_alert a
            LEFT JOIN transactions t ON t.id = %1$s
            LEFT JOIN dashboard.alert_triage g ON g.transaction_id = a.transaction_id
            WHERE ($1::text IS NULL OR a.account_id = $1)
              AND ($2::timestamptz IS NULL OR a.event_time >= $2)
              AND ($3::timestamptz IS NULL OR a.event_time < $3)
              AND ($4::text IS NULL OR a.decision = $4)
              AND ($5::text IS NULL OR $5 = ANY (a.rules))
              AND ($6::timestamptz IS NULL OR (a.event_time, a.transaction_id) < ($6, $7::text))
            ORDER BY a.event_time DESC, a.transaction_id DESC
            LIMIT $8
            """.formatted(UUID_OF_ALERT);

    private static final String ONE = """
            SELECT a.transaction_id, a.account_id, a.merchant_id, t.card_last4, a.amount::text AS amount, a.currency,
                   a.score, a.decision, a.rules, a.reasons, a.model_version, a.event_time, a.decided_at,
                   g.outcome, g.analyst, g.decided_at AS triaged_at
            FROM fraud_alert a
            LEFT JOIN transactions t ON t.id = %1$s
            LEFT JOIN dashboard.alert_triage g ON g.transaction_id = a.transaction_id
            WHERE a.transaction_id = $1
            """.formatted(UUID_OF_ALERT);

    private static final String RISK = """
            SELECT (SELECT count(*) FROM transactions WHERE account_id = $1) AS transactions,
                   (SELECT count(*) FROM transactions WHERE account_id = $1 AND status = 'CHARGEBACK') AS chargebacks,
                   count(a.transaction_id) AS alerts,
                   count(*) FILTER (WHERE g.outcome = 'CONFIRMED_FRAUD') AS confirmed,
                   count(*) FILTER (WHERE g.outcome = 'FALSE_POSITIVE') AS false_positives,
                   (SELECT count(*) FROM transactions t
                     WHERE t.account_id = $1 AND (t.status = 'CHARGEBACK' OR EXISTS (
                       SELECT 1 FROM dashboard.alert_triage c
                        WHERE c.transaction_id = t.id::text AND c.outcome = 'CONFIRMED_FRAUD'))) AS fraud,
                   max(a.score) AS max_score, max(a.event_time) AS last_alert
            FROM fraud_alert a
            LEFT JOIN dashboard.alert_triage g ON g.transaction_id = a.transaction_id
            WHERE a.account_id = $1
            """;

    private final PgPool pool;

    public AlertHistory(PgPool pool) {
        this.pool = pool;
    }

    public Uni<Page> page(HistoryFilter filter, Cursor after, int limit) {
        return rows(filter, after, limit + 1).map(items -> {
            if (items.size() <= limit) {
                return new Page(items, null);
            }
            List<AlertRecord> page = items.subList(0, limit);
            AlertRecord last = page.getLast();
            return new Page(List.copyOf(page), new Cursor(last.eventTime(), last.transactionId()).encode());
        });
    }

    public Uni<List<AlertRecord>> rows(HistoryFilter filter, Cursor after, int limit) {
        Tuple args = Tuple.tuple(Arrays.asList(filter.account(), offset(filter.from()), offset(filter.to()),
                filter.decision(), filter.rule(), after == null ? null : offset(after.eventTime()),
                after == null ? null : after.transactionId(), limit));
        return pool.preparedQuery(SELECT).execute(args).map(rows -> {
            List<AlertRecord> out = new ArrayList<>();
            rows.forEach(row -> out.add(toRecord(row)));
            return out;
        });
    }

    /** One stored alert, or null when the detector stored none for this transaction. */
    public Uni<AlertRecord> find(String transactionId) {
        return pool.preparedQuery(ONE).execute(Tuple.of(transactionId))
                .map(rows -> rows.iterator().hasNext() ? toRecord(rows.iterator().next()) : null);
    }

    public Uni<AccountRisk> risk(String accountId) {
        return pool.preparedQuery(RISK).execute(Tuple.of(accountId)).map(rows -> {
            Row row = rows.iterator().next();
            long transactions = row.getLong("transactions");
            long alerts = row.getLong("alerts");
            long fraud = row.getLong("fraud");
            return new AccountRisk(accountId, transactions, alerts, row.getLong("confirmed"),
                    row.getLong("false_positives"), row.getLong("chargebacks"),
                    transactions == 0 ? null : fraud / (double) transactions,
                    transactions == 0 ? null : alerts / (double) transactions,
                    row.getDouble("max_score"), instant(row.getOffsetDateTime("last_alert")));
        });
    }

    private static AlertRecord toRecord(Row row) {
        String outcome = row.getString("outcome");
        return new AlertRecord(row.getString("transaction_id"), row.getString("account_id"),
                row.getString("merchant_id"), CardNumbers.lastFour(row.getString("card_last4")),
                row.getString("amount"), row.getString("currency"), row.getDouble("score"), row.getString("decision"),
                List.of(row.getArrayOfStrings("rules")),
                Arrays.stream(row.getArrayOfStrings("reasons")).map(CardNumbers::scrub).toList(),
                row.getString("model_version"), instant(row.getOffsetDateTime("event_time")),
                instant(row.getOffsetDateTime("decided_at")),
                outcome == null ? null : TriageOutcome.valueOf(outcome), row.getString("analyst"),
                instant(row.getOffsetDateTime("triaged_at")));
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
