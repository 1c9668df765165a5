package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.metrics.DetectorMetrics;
import dev.frauddetection.detector.state.DetectorState;
import dev.frauddetection.detector.state.PartitionSnapshot;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the state's changes to the checkpoint topic every {@code fraud.detector.state.checkpoint-interval}, on a
 * thread of its own, and once more when partitions are revoked (a rebalance, or shutdown), so that their next owner
 * replays as little as possible.
 *
 * <p>A checkpoint is a consistent cut: the changed histories and the source offset are taken together under the
 * state's lock, then written only when every event before that offset is done (its verdict acknowledged by Kafka, its
 * alert stored), so a restore from it never skips an event whose effects were lost. If writing fails, or the events
 * do not settle in time, the histories are marked changed again and go out with the next checkpoint. Checkpoints,
 * releases and assignments take turns on one lock, so a partition handed over is never written to afterwards.
 */
@ApplicationScoped
public class StateCheckpointer {

    private static final Logger LOG = Logger.getLogger(StateCheckpointer.class);
    private static final long SETTLE_POLL_MS = 10;
    /** How long a revocation waits for in-flight events before handing over without a final checkpoint. */
    private static final Duration FINAL_SETTLE = Duration.ofSeconds(5);

    private final LiveState live;
    private final StateTopic topic;
    private final DetectorMetrics metrics;
    private final DetectorConfig.State config;
    private final ReentrantLock checkpointing = new ReentrantLock();
    /** Offsets of the last checkpoint written per partition: an unchanged partition is not written again. */
    private final Map<Integer, Long> written = new HashMap<>();
    /** Set by a rebalance waiting for the lock: a checkpoint waiting on slow events (a database outage) gives way. */
    private volatile boolean yieldToRebalance;
    private ScheduledExecutorService timer;

    public StateCheckpointer(LiveState live, StateTopic topic, DetectorMetrics metrics, DetectorConfig config) {
        this.live = live;
        this.topic = topic;
        this.metrics = metrics;
        this.config = config.state();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "state-checkpoint"));
        long interval = config.checkpointInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkpointQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Takes and writes one checkpoint of every held partition that changed, however long its events take. */
    public void checkpoint() throws InterruptedException {
        checkpointing.lock();
        try {
            checkpointLocked(Long.MAX_VALUE);
        } finally {
            checkpointing.unlock();
        }
    }

    /** Writes a last checkpoint of revoked partitions if their events settle soon, then stops holding them. */
    public void release(Collection<Integer> partitions) {
        lockForRebalance();
        try {
            try {
                checkpointLocked(System.nanoTime() + FINAL_SETTLE.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Final checkpoint before handing over %s failed; the next owner replays from the one "
                        + "before", partitions);
            }
            DetectorState state = live.state();
            synchronized (state.lock()) {
                partitions.forEach(state::release);
            }
            partitions.forEach(p -> {
                live.inFlight().forget(p);
                written.remove(p);
            });
            topic.unclaim(partitions);
        } finally {
            checkpointing.unlock();
        }
    }

    /**
     * Notes a partition's new state: restored from a checkpoint that already stands at {@code checkpointOffset}, or
     * (-1) adopted empty, whose first checkpoint is written even before anything changes.
     */
    void assigned(int partition, long checkpointOffset) {
        lockForRebalance();
        try {
            if (checkpointOffset < 0) {
                written.remove(partition);
            } else {
                written.put(partition, checkpointOffset);
            }
        } finally {
            checkpointing.unlock();
        }
    }

    private void lockForRebalance() {
        yieldToRebalance = true;
        checkpointing.lock();
        yieldToRebalance = false;
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "State checkpoint failed; the changes go out with the next one");
        }
    }

    private void checkpointLocked(long settleDeadline) throws InterruptedException {
        DetectorState state = live.state();
        List<PartitionSnapshot> snapshots = new ArrayList<>();
        Set<Integer> partitions;
        synchronized (state.lock()) {
            partitions = state.partitions();
        }
        // One partition at a time: encoding the changed histories holds the pipeline, so each pause is a partition's
        // share, not the whole state's (which was tens of milliseconds with tens of thousands of changed accounts).
        // Each partition's snapshot is its own consistent cut at its own offset; the set of partitions cannot change
        // meanwhile, since assignments and revocations wait for the checkpointing lock this holds.
        for (int partition : partitions) {
            synchronized (state.lock()) {
                long started = System.nanoTime();
                if (state.holds(partition) && (state.changed(partition)
                        || state.nextOffset(partition) != written.getOrDefault(partition, -1L))) {
                    snapshots.add(state.snapshot(partition));
                    metrics.checkpointPause(System.nanoTime() - started);
                }
            }
        }
        if (snapshots.isEmpty()) {
            return;
        }
        try {
            for (PartitionSnapshot snapshot : snapshots) {
                while (!live.inFlight().doneBefore(snapshot.partition(), snapshot.nextOffset())) {
                    if (System.nanoTime() > settleDeadline || (yieldToRebalance && settleDeadline == Long.MAX_VALUE)) {
                        restoreChanges(snapshots);
                        return;
                    }
                    Thread.sleep(SETTLE_POLL_MS);
                }
            }
        } catch (InterruptedException e) {
            restoreChanges(snapshots);
            throw e;
        }
        long started = System.nanoTime();
        try {
            topic.write(snapshots);
        } catch (RuntimeException e) {
            restoreChanges(snapshots);
            metrics.checkpointFailed();
            throw e;
        }
        int records = 0;
        long bytes = 0;
        for (PartitionSnapshot snapshot : snapshots) {
            written.put(snapshot.partition(), snapshot.nextOffset());
            records += snapshot.records().size();
            for (byte[] value : snapshot.records().values()) {
                bytes += value == null ? 0 : value.length;
            }
        }
        metrics.checkpointWritten(System.nanoTime() - started, records, bytes);
    }

    private void restoreChanges(List<PartitionSnapshot> snapshots) {
        DetectorState state = live.state();
        synchronized (state.lock()) {
            snapshots.forEach(state::changedAgain);
        }
    }
}
