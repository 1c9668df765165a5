package dev.frauddetection.detector.alerts;

import dev.frauddetection.detector.model.Verdict;
import io.debezium.outbox.quarkus.ExportedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;

/**
 * Stores an alert and its outbox row in one database transaction: the alert is published (by the alerts-outbox
 * connector) if and only if it is stored. The fraud_alert primary key is the transaction id, so a redelivered change
 * event finds its alert stored and writes no second outbox row: an alert is never published twice.
 */
@ApplicationScoped
public class AlertStore {

    private static final String INSERT = """
            INSERT INTO fraud_alert (transaction_id, account_id, merchant_id, amount, currency, score, decision, rules,
                reasons, model_version, rule_set_version, event_time, decided_at)
            VALUES (:transaction, :account, :merchant, :amount, :currency, :score, :decision,
                CAST(:rules AS text[]), CAST(:reasons AS text[]), :model, :ruleSet, :eventTime, :decidedAt)
            ON CONFLICT (transaction_id) DO NOTHING""";

    private final EntityManager entityManager;
    private final Event<ExportedEvent<?, ?>> outbox;

    public AlertStore(EntityManager entityManager, Event<ExportedEvent<?, ?>> outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /** True if this alert was new and is now stored and queued for publication; false for a redelivery. */
    @Transactional
    public boolean store(Verdict verdict, String verdictJson) {
        int inserted = entityManager.createNativeQuery(INSERT)
                .setParameter("transaction", verdict.transactionId())
                .setParameter("account", verdict.accountId())
                .setParameter("merchant", verdict.merchantId())
                .setParameter("amount", verdict.amount())
                .setParameter("currency", verdict.currency())
                .setParameter("score", verdict.score())
                .setParameter("decision", verdict.decision().name())
                .setParameter("rules", PostgresArrays.literal(verdict.rules()))
                .setParameter("reasons", PostgresArrays.literal(verdict.reasons()))
                .setParameter("model", verdict.modelVersion())
                .setParameter("ruleSet", verdict.ruleSetVersion())
                .setParameter("eventTime", Timestamp.from(verdict.eventTime()))
                .setParameter("decidedAt", Timestamp.from(verdict.decidedAt()))
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        outbox.fire(new FraudAlertEvent(verdict.accountId(), verdictJson, verdict.decidedAt()));
        return true;
    }
}
