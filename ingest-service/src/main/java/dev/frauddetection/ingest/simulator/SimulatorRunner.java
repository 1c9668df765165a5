package dev.frauddetection.ingest.simulator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the simulator in its two modes. Streaming: every 100 ms, the payments whose event time has come are written,
 * so the configured rate holds smoothly in wall-clock time. Batch: N payments of simulated history ending now,
 * written as fast as PostgreSQL takes them, several transactions in flight at once.
 */
@ApplicationScoped
public class SimulatorRunner {

    private static final Logger LOG = Logger.getLogger(SimulatorRunner.class);
    private static final int BATCH_CHUNK = 2000;
    private static final int CHUNKS_IN_FLIGHT = 3;

    /** What the simulator is doing, as GET /api/simulator reports it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(boolean streaming, double rate, long seed, long streamed, BatchRun lastBatch) {
    }

    /** One batch run: progress while running, the achieved rate once finished. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchRun(int requested, long seed, int written, Instant startedAt, Instant finishedAt,
                           Double transactionsPerSecond, String error) {
        @JsonIgnore
        boolean running() {
            return finishedAt == null;
        }
    }

    private final SimulatorConfig config;
    private final SimulationWriter writer;
    private final SimulatorMetrics metrics;
    private final Vertx vertx;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicReference<BatchRun> lastBatch = new AtomicReference<>();
    private final AtomicInteger streamed = new AtomicInteger();
    private SimulationEngine streamingEngine;
    private Long timer;
    private double rate;

    public SimulatorRunner(SimulatorConfig config, SimulationWriter writer, SimulatorMetrics metrics, Vertx vertx) {
        this.config = config;
        this.writer = writer;
        this.metrics = metrics;
        this.vertx = vertx;
        this.rate = config.totalRate().orElse(SimulationEngine.configuredRate(config));
        validate(config);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.streaming() && rate > 0) {
            startStreaming(rate);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopStreaming();
    }

    public synchronized Status status() {
        return new Status(timer != null, rate, config.seed(), streamed.get(), lastBatch.get());
    }

    /** Starts streaming at {@code totalRate}, or changes the rate of a running stream without resetting it. */
    public synchronized void startStreaming(double totalRate) {
        rate = totalRate;
        metrics.streamingRate(totalRate);
        if (streamingEngine == null) {
            streamingEngine = new SimulationEngine(config, config.seed(), Instant.now(), totalRate);
        } else {
            streamingEngine.rescale(totalRate);
        }
        if (timer == null) {
            timer = vertx.setPeriodic(100, id -> tick());
            LOG.infof("Simulator streaming %.1f transactions/s (seed %d)", totalRate, config.seed());
        }
    }

    public synchronized void stopStreaming() {
        if (timer != null) {
            vertx.cancelTimer(timer);
            timer = null;
            metrics.streamingRate(0);
            LOG.info("Simulator streaming stopped");
        }
    }

    /** A tick still writing when the next is due is skipped; the next one writes everything due by then. */
    private void tick() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        List<SimulatedPayment> due;
        synchronized (this) {
            due = streamingEngine.advanceTo(Instant.now());
        }
        writer.write(due)
                .invoke(written -> {
                    streamed.addAndGet(written);
                    metrics.written("streaming", due);
                })
                .onFailure().invoke(e -> LOG.warnf("%d simulated payments not written: %s", due.size(), e.getMessage()))
                .onTermination().invoke(() -> writing.set(false))
                .subscribe().with(ok -> { }, failure -> { });
    }

    /**
     * Starts a batch of {@code count} payments of simulated history ending at {@code end} (now if null) unless one is
     * running; returns the run as started.
     */
    public BatchRun startBatch(int count, long seed, Instant end) {
        Instant now = Instant.now();
        BatchRun run = new BatchRun(count, seed, 0, now, null, null, null);
        BatchRun previous = lastBatch.get();
        if ((previous != null && previous.running()) || !lastBatch.compareAndSet(previous, run)) {
            throw new IllegalStateException("A batch is already running");
        }
        // Simulated history that ends then, as if the banks' traffic of the count/rate seconds before were replayed.
        double historyRate = rate > 0 ? rate : SimulationEngine.configuredRate(config);
        SimulationEngine engine = new SimulationEngine(config, seed,
                (end != null ? end : now).minus(Duration.ofMillis((long) (count / historyRate * 1000))), historyRate);
        AtomicInteger written = new AtomicInteger();
        int chunks = (count + BATCH_CHUNK - 1) / BATCH_CHUNK;
        Multi.createFrom().range(0, chunks)
                .onItem().transformToUni(i -> {
                    List<SimulatedPayment> chunk;
                    synchronized (engine) {
                        chunk = engine.take(Math.min(BATCH_CHUNK, count - i * BATCH_CHUNK));
                    }
                    return writer.write(chunk).invoke(n -> {
                        written.addAndGet(n);
                        metrics.written("batch", chunk);
                    });
                }).merge(CHUNKS_IN_FLIGHT)
                .collect().last()
                .subscribe().with(
                        done -> finish(run, written.get(), null),
                        failure -> finish(run, written.get(), failure.getMessage()));
        return run;
    }

    private void finish(BatchRun run, int written, String error) {
        Instant end = Instant.now();
        double seconds = Duration.between(run.startedAt(), end).toNanos() / 1e9;
        BatchRun finished = new BatchRun(run.requested(), run.seed(), written, run.startedAt(), end,
                Math.round(written / seconds * 10) / 10.0, error);
        lastBatch.set(finished);
        LOG.infof("Simulator batch of %d finished: %d written in %.2f s (%.0f/s)%s", run.requested(), written, seconds,
                finished.transactionsPerSecond(), error == null ? "" : ", failed: " + error);
    }

    /** Whether the deployment enabled the simulator (fraud.simulator.enabled). */
    public boolean enabled() {
        return config.enabled();
    }

    private static void validate(SimulatorConfig config) {
        if (config.streaming() && !config.enabled()) {
            throw new IllegalStateException("fraud.simulator.streaming=true needs fraud.simulator.enabled=true: "
                    + "the simulator is off in this deployment");
        }
        if (config.banks().isEmpty()) {
            throw new IllegalStateException("fraud.simulator.banks must define at least one bank");
        }
        var ranges = config.banks().entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> e.getValue().firstAccount())).toList();
        for (int i = 0; i < ranges.size(); i++) {
            var bank = ranges.get(i);
            if (bank.getValue().accounts() < 1 || bank.getValue().rate() < 0) {
                throw new IllegalStateException("fraud.simulator.banks." + bank.getKey()
                        + " needs accounts >= 1 and rate >= 0");
            }
            if (i > 0) {
                var before = ranges.get(i - 1);
                if (before.getValue().firstAccount() + before.getValue().accounts() > bank.getValue().firstAccount()) {
                    throw new IllegalStateException("fraud.simulator.banks." + before.getKey() + " and "
                            + bank.getKey() + " have overlapping account ranges");
                }
            }
        }
        if (config.totalAccounts().isPresent() && config.totalAccounts().getAsInt() < config.banks().size()) {
            throw new IllegalStateException("fraud.simulator.total-accounts must be at least one account per bank ("
                    + config.banks().size() + ")");
        }
        if (config.chargebackDelayMax().compareTo(config.chargebackDelayMin()) < 0) {
            throw new IllegalStateException("fraud.simulator.chargeback-delay-max must not be below chargeback-delay-min");
        }
    }
}
