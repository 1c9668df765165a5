package dev.frauddetection.ingest.simulator;

import dev.frauddetection.ingest.service.TransactionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes simulated payments and their ground-truth labels in one database transaction, so a label never exists
 * without its payment or the other way round.
 */
@ApplicationScoped
public class SimulationWriter {

    private static final String INSERT_LABEL = "INSERT INTO fraud_labels (transaction_id, scenario, labelled_at, "
            + "chargeback_due) VALUES ($1, $2, $3, $4) ON CONFLICT (transaction_id) DO NOTHING";

    private final Pool pool;
    private final TransactionStore store;

    public SimulationWriter(Pool pool, TransactionStore store) {
        this.pool = pool;
        this.store = store;
    }

    /** Returns how many payments were new (a replayed seed finds its payments already stored). */
    public Uni<Integer> write(List<SimulatedPayment> payments) {
        if (payments.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> labels = payments.stream().filter(SimulatedPayment::isFraud)
                .map(p -> Tuple.of(p.transaction().id(), p.scenario().name(), p.transaction().createdAt(),
                        p.chargebackDue() == null ? null : OffsetDateTime.ofInstant(p.chargebackDue(), ZoneOffset.UTC)))
                .toList();
        return pool.withTransaction(conn -> store.insertAll(conn, payments.stream().map(SimulatedPayment::transaction).toList())
                .call(inserted -> labels.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(INSERT_LABEL).executeBatch(labels))
                .map(inserted -> (int) inserted.stream().filter(Boolean::booleanValue).count()));
    }
}
