package dev.frauddetection.detector.alerts;

import dev.frauddetection.detector.events.Verdict;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores waiting alerts in batches, one database transaction per batch, on a few writer threads of its own.
 *
 * <p>A writer takes whatever is waiting (up to the batch size) as soon as it is free: one alert at a time when alerts
 * are rare, so none waits for a batch to fill; hundreds per commit in a burst, when a transaction per alert could not
 * keep up (a burst of velocity alerts at 20,000 payments/s queued faster than 650 single-alert commits per second
 * drained it).
 *
 * <p>When a batch fails:
 * <ul>
 *   <li>if the database refused its data (SQLSTATE class 22 or 23: a value too long, a check violated), each alert
 *       is tried alone, so that the one bad alert holds up no other; that alert can never be stored, and its future
 *       fails with the database's reason, which dead-letters its change event;</li>
 *   <li>otherwise (the database down, a connection lost, the pool exhausted) the batch goes back to the queue after a
 *       back-off that doubles per attempt, so an outage is waited out and no alert is lost.</li>
 * </ul>
 */
public final class AlertBatcher implements AutoCloseable {

    /** Stores a batch in one transaction; answers, in the batch's order, whether each alert was new. */
    @FunctionalInterface
    public interface BatchStore {
        List<Boolean> store(List<WaitingAlert> batch);
    }

    /** An alert judged and waiting to be stored; {@code stored} completes with whether it was new. */
    public record WaitingAlert(Verdict verdict, String json, CompletableFuture<Boolean> stored, int failures) {

        WaitingAlert failedOnce() {
            return new WaitingAlert(verdict, json, stored, failures + 1);
        }
    }

    private static final Logger LOG = Logger.getLogger(AlertBatcher.class);

    private final BatchStore store;
    private final int batchSize;
    private final int writers;
    private final Duration retryMin;
    private final Duration retryMax;
    private final AtomicReference<Failing> failing = new AtomicReference<>();
    private final ExecutorService threads;
    /** Its own thread: timers run on time even while every writer is busy with a long burst. */
    private final ScheduledExecutorService retries;
    private final Queue<WaitingAlert> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busyWriters = new AtomicInteger();
    private volatile boolean closed;

    public AlertBatcher(BatchStore store, int batchSize, int writers, Duration retryMin, Duration retryMax) {
        if (batchSize < 1 || writers < 1) {
            throw new IllegalArgumentException("Alert batches need a size and a number of writers of at least 1, not "
                    + batchSize + " and " + writers);
        }
        this.store = store;
        this.batchSize = batchSize;
        this.writers = writers;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(writers,
                task -> daemon(task, "alert-writer-" + names.incrementAndGet()));
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "alert-retry"));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Completes with true once the alert is stored and queued for publication, false if it was stored before, and
     * fails if the database refuses the alert's data.
     */
    public CompletionStage<Boolean> store(Verdict verdict, String json) {
        WaitingAlert alert = new WaitingAlert(verdict, json, new CompletableFuture<>(), 0);
        waiting.add(alert);
        wakeWriter();
        return alert.stored();
    }

    /** Starts a writer if alerts wait and one is free. A writer that finds the queue empty re-checks after it stops. */
    private void wakeWriter() {
        while (!waiting.isEmpty() && !closed) {
            int busy = busyWriters.get();
            if (busy >= writers) {
                return;
            }
            if (busyWriters.compareAndSet(busy, busy + 1)) {
                try {
                    threads.execute(this::write);
                } catch (RejectedExecutionException closing) {
                    busyWriters.decrementAndGet();
                }
                return;
            }
        }
    }

    private void write() {
        try {
            List<WaitingAlert> batch;
            while (!closed && !(batch = nextBatch()).isEmpty()) {
                storeOrTryAlone(batch);
            }
        } finally {
            busyWriters.decrementAndGet();
        }
        // an alert added after the last poll but before the decrement saw every writer busy: start one for it
        wakeWriter();
    }

    private List<WaitingAlert> nextBatch() {
        List<WaitingAlert> batch = new ArrayList<>(Math.min(batchSize, 64));
        WaitingAlert next;
        while (batch.size() < batchSize && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private void storeOrTryAlone(List<WaitingAlert> batch) {
        RuntimeException failure;
        try {
            complete(batch, store.store(batch));
            return;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (!refusesTheData(failure) || batch.size() == 1) {
            // an outage fails every alert alike: trying them one by one would only wait out a connect timeout each
            failed(batch, failure);
            return;
        }
        LOG.warnf("The database refused a batch of %d alerts, trying each alone to find the one: %s", batch.size(),
                rootMessage(failure));
        for (WaitingAlert alert : batch) {
            if (closed) {
                return;
            }
            try {
                complete(List.of(alert), store.store(List.of(alert)));
            } catch (RuntimeException e) {
                failed(List.of(alert), e);
            }
        }
    }

    /** Fails alerts whose data the database refuses; puts the others back in the queue, together, after a back-off. */
    private void failed(List<WaitingAlert> alerts, RuntimeException error) {
        if (refusesTheData(error)) {
            for (WaitingAlert alert : alerts) {
                String transaction = alert.verdict().transactionId();
                LOG.errorf("The database refuses alert %s: %s", transaction, rootMessage(error));
                alert.stored().completeExceptionally(new IllegalArgumentException(
                        "The alert for transaction " + transaction + " cannot be stored: " + rootMessage(error), error));
            }
            return;
        }
        String reason = rootMessage(error);
        failing.updateAndGet(f -> new Failing(f == null ? Instant.now() : f.since(), reason));
        int failures = alerts.stream().mapToInt(WaitingAlert::failures).max().orElse(0);
        long delay = Math.min(retryMax.toMillis(), retryMin.toMillis() << Math.min(failures, 20));
        // the root cause ("Connection refused"), not Hibernate's message, which quotes the whole batch's INSERT
        LOG.warnf("Storing %d alert(s) failed, retrying in %d ms: %s", alerts.size(), delay, rootMessage(error));
        List<WaitingAlert> again = alerts.stream().map(WaitingAlert::failedOnce).toList();
        try {
            retries.schedule(() -> {
                waiting.addAll(again);
                wakeWriter();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // closed meanwhile: the alerts' change events are consumed again after the restart
        }
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): retrying cannot help. */
    static boolean refusesTheData(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /**
     * Since when storing alerts has failed without a success in between (the database down, the pool broken), with
     * the last reason; empty while alerts are being stored. The readiness check and a gauge report it, so an outage
     * that the retries are waiting out is visible rather than silent.
     */
    public Optional<Failing> failing() {
        return Optional.ofNullable(failing.get());
    }

    /** Storage failing since {@code since}, the last time for {@code lastError}. */
    public record Failing(Instant since, String lastError) {
    }

    private void complete(List<WaitingAlert> batch, List<Boolean> isNew) {
        if (isNew.size() != batch.size()) {
            throw new IllegalStateException("A batch of " + batch.size() + " alerts answered " + isNew.size() + " times");
        }
        failing.set(null);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(isNew.get(i));
        }
    }

    /**
     * Stops the writers. Alerts still waiting are neither stored nor failed: their change events stay unacknowledged,
     * so they are consumed again after the restart and their alerts stored then.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        retries.shutdownNow();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
