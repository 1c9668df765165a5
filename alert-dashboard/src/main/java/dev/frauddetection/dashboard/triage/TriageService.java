package dev.frauddetection.dashboard.triage;

import dev.frauddetection.dashboard.client.IngestClient;
import dev.frauddetection.dashboard.history.AlertHistory;
import dev.frauddetection.dashboard.model.CardNumbers;
import dev.frauddetection.dashboard.model.Feedback;
import dev.frauddetection.dashboard.model.Triage;
import dev.frauddetection.dashboard.model.TriageOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Records an analyst's verdict on an alert and feeds it back through the source of truth. The verdict is stored
 * first (who, when, which outcome), so it is never lost; then a confirmed fraud is charged back through
 * ingest-service, and the triage row says whether that worked. Idempotent: the same verdict again answers with the
 * stored one (and retries feedback that is still pending); the other verdict is a conflict.
 */
@ApplicationScoped
public class TriageService {

    private static final Logger LOG = Logger.getLogger(TriageService.class);

    private static final String INSERT = """
            INSERT INTO dashboard.alert_triage (transaction_id, outcome, analyst, note, feedback)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (transaction_id) DO NOTHING
            RETURNING transaction_id, outcome, analyst, note, decided_at, feedback, feedback_detail, feedback_at
            """;
    private static final String SELECT = """
            SELECT transaction_id, outcome, analyst, note, decided_at, feedback, feedback_detail, feedback_at
            FROM dashboard.alert_triage WHERE transaction_id = $1
            """;
    private static final String UPDATE_FEEDBACK = """
            UPDATE dashboard.alert_triage SET feedback = $2, feedback_detail = $3, feedback_at = now()
            WHERE transaction_id = $1
            RETURNING transaction_id, outcome, analyst, note, decided_at, feedback, feedback_detail, feedback_at
            """;

    /** The stored triage and whether this request created it (201) or found it (200). */
    public record Result(Triage triage, boolean created) {
    }

    private final PgPool pool;
    private final AlertHistory history;
    private final IngestClient ingest;
    private final MeterRegistry registry;

    public TriageService(PgPool pool, AlertHistory history, @RestClient IngestClient ingest, MeterRegistry registry) {
        this.pool = pool;
        this.history = history;
        this.ingest = ingest;
        this.registry = registry;
    }

    /**
     * @throws NotFoundException (in the Uni) when no alert is stored for the transaction
     * @throws TriageConflict (in the Uni) when it was triaged with the other outcome
     */
    public Uni<Result> triage(String transactionId, TriageOutcome outcome, String analyst, String note) {
        return history.find(transactionId).chain(alert -> {
            if (alert == null) {
                return Uni.createFrom().failure(new NotFoundException("no alert for transaction " + transactionId));
            }
            Feedback initial = outcome == TriageOutcome.CONFIRMED_FRAUD ? Feedback.PENDING : Feedback.NOT_APPLICABLE;
            return pool.preparedQuery(INSERT).execute(Tuple.tuple(Arrays.asList(transactionId, outcome.name(),
                            analyst, CardNumbers.scrub(note), initial.name())))
                    .chain(rows -> rows.iterator().hasNext()
                            ? Uni.createFrom().item(new Result(toTriage(rows.iterator().next()), true))
                            : existing(transactionId, outcome))
                    .invoke(result -> {
                        if (result.created()) {
                            registry.counter("fraud.dashboard.triage", "outcome", outcome.name()).increment();
                        }
                    })
                    .chain(this::feedBack);
        });
    }

    private Uni<Result> existing(String transactionId, TriageOutcome outcome) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(transactionId)).map(rows -> {
            Triage found = toTriage(rows.iterator().next());
            if (found.outcome() != outcome) {
                throw new TriageConflict(found);
            }
            return new Result(found, false);
        });
    }

    /** A confirmed fraud whose chargeback is not yet recorded is (re)sent to ingest-service. */
    private Uni<Result> feedBack(Result result) {
        Triage triage = result.triage();
        if (triage.feedback() != Feedback.PENDING) {
            return Uni.createFrom().item(result);
        }
        return ingest.changeStatus(triage.transactionId(), new IngestClient.StatusChange("CHARGEBACK"))
                .map(response -> new Outcome(Feedback.CHARGEBACK_RECORDED, "ingest-service answered "
                        + response.getStatus()))
                .onFailure(WebApplicationException.class).recoverWithItem(e -> refused((WebApplicationException) e))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Chargeback feedback for %s not delivered, kept pending: %s", triage.transactionId(),
                            e.getMessage());
                    return new Outcome(Feedback.PENDING, "ingest-service unreachable: " + e.getMessage());
                })
                .chain(outcome -> pool.preparedQuery(UPDATE_FEEDBACK).execute(Tuple.of(triage.transactionId(),
                        outcome.feedback().name(), truncate(outcome.detail()))))
                .map(rows -> new Result(toTriage(rows.iterator().next()), result.created()));
    }

    private record Outcome(Feedback feedback, String detail) {
    }

    /** 404 (payment deleted) and 409 (reversed, so it cannot be charged back) are final answers; others retryable. */
    private static Outcome refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String body = "";
        try {
            body = e.getResponse().readEntity(String.class);
        } catch (RuntimeException unreadable) {
            // the status says enough
        }
        if (status == 404 || status == 409) {
            return new Outcome(Feedback.REJECTED, "ingest-service answered " + status + ": " + body);
        }
        return new Outcome(Feedback.PENDING, "ingest-service answered " + status + ": " + body);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static Triage toTriage(Row row) {
        return new Triage(row.getString("transaction_id"), TriageOutcome.valueOf(row.getString("outcome")),
                row.getString("analyst"), row.getString("note"), instant(row.getOffsetDateTime("decided_at")),
                Feedback.valueOf(row.getString("feedback")), row.getString("feedback_detail"),
                instant(row.getOffsetDateTime("feedback_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
