package dev.frauddetection.ingest.generator;

import dev.frauddetection.ingest.config.GeneratorConfig;
import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.service.TransactionStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes generated transactions at the configured rate, one batch per second sized by the time actually elapsed, so
 * the rate holds even when a tick runs late. A tick that is still writing when the next one is due is skipped, never
 * piled up; the next one makes up for it.
 */
@ApplicationScoped
public class TransactionGenerator {

    private static final Logger LOG = Logger.getLogger(TransactionGenerator.class);

    private final GeneratorConfig config;
    private final TransactionStore store;
    private final TransactionFactory factory;
    private double owed;
    private long lastTickNanos = System.nanoTime();

    public TransactionGenerator(GeneratorConfig config, TransactionStore store) {
        this.config = config;
        this.store = store;
        this.factory = new TransactionFactory(config);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = GeneratorDisabled.class)
    Uni<Void> tick() {
        long now = System.nanoTime();
        // Capped at 10 s worth so that a long pause (a stopped debugger, a suspended laptop) is not replayed as a burst.
        owed += config.rate() * Math.min(10, (now - lastTickNanos) / 1e9);
        lastTickNanos = now;
        int count = (int) owed;
        owed -= count;
        OffsetDateTime createdAt = OffsetDateTime.now();
        List<Transaction> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(factory.next(createdAt));
        }
        return store.insertAll(batch)
                .onFailure().invoke(e -> LOG.warnf("Generated batch of %d not written: %s", count, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
