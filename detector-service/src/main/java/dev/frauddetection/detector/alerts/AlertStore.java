package dev.frauddetection.detector.alerts;

import dev.frauddetection.detector.alerts.AlertBatcher.WaitingAlert;
import dev.frauddetection.detector.events.Verdict;
import io.debezium.outbox.quarkus.ExportedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores alerts with their outbox rows in one database transaction: an alert is published (by the alerts-outbox
 * connector) if and only if it is stored. The fraud_alert primary key is the transaction id, so a redelivered change
 * event finds its alert stored and writes no second outbox row: an alert is never published twice.
 */
@ApplicationScoped
public class AlertStore {

    private static final String INSERT = """
            INSERT INTO fraud_alert (transaction_id, account_id, merchant_id, amount, currency, score, decision, rules,
                reasons, model_version, rule_set_version, event_time, decided_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (transaction_id) DO NOTHING""";

    private final EntityManager entityManager;
    private final Event<ExportedEvent<?, ?>> outbox;

    public AlertStore(EntityManager entityManager, Event<ExportedEvent<?, ?>> outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /**
     * Inserts the batch as one JDBC batch (one round trip; each row's update count says whether it was new), then
     * queues an outbox event for each new alert, which Hibernate writes at commit. Answers, in the batch's order,
     * whether each alert was new; a transaction id twice in one batch is new only the first time.
     */
    @Transactional
    public List<Boolean> storeAll(List<WaitingAlert> batch) {
        List<Boolean> isNew = new ArrayList<>(batch.size());
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (WaitingAlert alert : batch) {
                    Verdict verdict = alert.verdict();
                    insert.setString(1, verdict.transactionId());
                    insert.setString(2, verdict.accountId());
                    insert.setString(3, verdict.merchantId());
                    insert.setBigDecimal(4, verdict.amount());
                    insert.setString(5, verdict.currency());
                    insert.setDouble(6, verdict.score());
                    insert.setString(7, verdict.decision().name());
                    insert.setArray(8, connection.createArrayOf("text", verdict.rules().toArray()));
                    insert.setArray(9, connection.createArrayOf("text", verdict.reasons().toArray()));
                    insert.setString(10, verdict.modelVersion());
                    insert.setLong(11, verdict.ruleSetVersion());
                    insert.setObject(12, verdict.eventTime().atOffset(ZoneOffset.UTC));
                    insert.setObject(13, verdict.decidedAt().atOffset(ZoneOffset.UTC));
                    insert.addBatch();
                }
                for (int count : insert.executeBatch()) {
                    if (count == Statement.SUCCESS_NO_INFO) {
                        // reWriteBatchedInserts=true in the JDBC URL merges the rows and drops their counts
                        throw new IllegalStateException("The JDBC driver did not say which alerts were new; "
                                + "remove reWriteBatchedInserts from the detector's JDBC URL");
                    }
                    isNew.add(count > 0);
                }
            }
        });
        for (int i = 0; i < batch.size(); i++) {
            if (isNew.get(i)) {
                Verdict verdict = batch.get(i).verdict();
                outbox.fire(new FraudAlertEvent(verdict.accountId(), batch.get(i).json(), verdict.decidedAt()));
            }
        }
        return isNew;
    }
}
