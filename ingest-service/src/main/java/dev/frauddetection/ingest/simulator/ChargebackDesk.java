package dev.frauddetection.ingest.simulator;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The bank's side of the simulation: once a labelled fraud's chargeback is due, the payment's status becomes
 * CHARGEBACK, exactly as a bank confirming fraud would write it. Runs from the labels table, so chargebacks that
 * fall due while the service is down are applied when it is back.
 */
@ApplicationScoped
public class ChargebackDesk {

    private static final Logger LOG = Logger.getLogger(ChargebackDesk.class);

    // SKIP LOCKED: two instances of the service never charge back the same payment twice.
    private static final String APPLY_DUE = """
            WITH due AS (
                SELECT transaction_id FROM fraud_labels
                WHERE chargeback_due <= now() AND charged_back_at IS NULL
                ORDER BY chargeback_due LIMIT 2000 FOR UPDATE SKIP LOCKED),
            marked AS (
                UPDATE fraud_labels l SET charged_back_at = now() FROM due
                WHERE l.transaction_id = due.transaction_id RETURNING l.transaction_id)
            UPDATE transactions t SET status = 'CHARGEBACK' FROM marked
            WHERE t.id = marked.transaction_id AND t.status IN ('AUTHORIZED', 'SETTLED')""";

    private final Pool pool;
    private final SimulatorMetrics metrics;

    public ChargebackDesk(Pool pool, SimulatorMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> applyDueChargebacks() {
        return pool.query(APPLY_DUE).execute()
                .invoke(rows -> metrics.chargebacks(rows.rowCount()))
                .onFailure().invoke(e -> LOG.warnf("Applying due chargebacks failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
