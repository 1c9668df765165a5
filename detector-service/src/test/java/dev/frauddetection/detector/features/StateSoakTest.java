package dev.frauddetection.detector.features;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.frauddetection.detector.features.AccountHistory.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's state within a fixed heap for 30 days of event time (issue 23, first part). Runs in a JVM of its
 * own with a 256 MB heap, the kind values' detector memory limit (the state-soak execution in the pom): kind traffic
 * (5 payments/s over 500,000 accounts, 13 million payments) is replayed through the state as fast as it goes, with a
 * restart from the checkpoints half way; then ten times the accounts. The account budget is what
 * {@link #budgetFor} derives from the heap; past it the least recently active accounts are evicted. Prints the held
 * accounts, evictions, their age and the heap after collection, and fails if the heap ever holds more than 80 % of
 * its maximum after a collection (an OutOfMemoryError would fail it sooner).
 *
 * <p>Drives the state and the feature code directly, as the pipeline does per change event: Kafka, PostgreSQL and
 * the model add nothing that grows with time.
 */
class StateSoakTest {

    /**
     * Heap per account held, with its share of merchants and tables: 2.4-2.5 KB measured by this test with a 2 GB
     * heap (about 480,000 accounts in 1.1-1.2 GB after collection; ScoringBenchmark's 2,124 B counts the histories
     * alone), rounded up.
     */
    static final long BYTES_PER_ACCOUNT = 2_600;
    private static final int PARTITIONS = 6;
    private static final long RATE_MILLIS = 200;
    /** An hour of event time at 5 payments/s. */
    private static final long CHECKPOINT_EVERY = 18_000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Accounts that fit: half the heap for the state, the rest for everything else a detector holds. */
    static int budgetFor(long maxHeap) {
        return (int) (maxHeap / 2 / BYTES_PER_ACCOUNT);
    }

    @Test
    void thirtyDaysOfKindTrafficStayWithinTheHeapAcrossARestart() throws IOException {
        run(500_000, 30, "kind traffic");
    }

    @Test
    void tenTimesTheAccountsAreEvictedLeastRecentlyActiveFirst() throws IOException {
        run(5_000_000, 10, "ten times the accounts");
    }

    private void run(int accounts, long days, String what) throws IOException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        int budget = budgetFor(maxHeap);
        SplittableRandom random = new SplittableRandom(23);
        DetectorState state = fresh(budget);
        long start = Payments.T0.toEpochMilli();
        long end = start + days * DAY;
        long events = 0;
        long peakAfterGc = 0;
        boolean restarted = false;
        long began = System.nanoTime();
        for (long t = start; t < end; t += RATE_MILLIS) {
            int account = random.nextInt(accounts);
            int partition = account % PARTITIONS;
            Payment p = new Payment("tx-" + events, "acc-" + account, "fp-" + account, "m-" + random.nextInt(2_000),
                    "5411", "ONLINE", 5 + random.nextInt(300), "EUR", account % 7 == 0 ? "FR" : "DE", Double.NaN,
                    Double.NaN, t);
            state.switchTo(partition);
            AccountHistory history = state.account(p.accountId());
            MerchantHistory merchant = state.merchant(p.merchantId());
            FeatureExtractor.extract(p, history, merchant);
            state.remember(p, history, merchant);
            state.applied(events);
            events++;
            if (events % CHECKPOINT_EVERY == 0) {
                // Checkpoints, as the live detector writes them (every 5 s there; hourly in event time here): they
                // also end the change tracking, which would otherwise remember every history touched or evicted.
                for (int held = 0; held < PARTITIONS; held++) {
                    state.switchTo(held);
                    state.snapshot(held);
                }
            }
            if (events % 1_000_000 == 0) {
                peakAfterGc = Math.max(peakAfterGc, usedAfterGc());
            }
            if (!restarted && t >= start + days * DAY / 2) {
                state = restartFromCheckpoints(state, budget);
                peakAfterGc = Math.max(peakAfterGc, usedAfterGc());
                restarted = true;
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long finalHeap = usedAfterGc();
        System.out.printf("SOAK %s: %,d payments over %d days of event time in %.1f s; %,d accounts of %,d, budget %,d; "
                        + "evicted for the budget %,d (the last had paid %.1f h before the newest payment), idle %,d; "
                        + "heap after GC peak %,d MB, end %,d MB of %,d MB%n",
                what, events, days, seconds, state.accounts(), accounts, budget, state.evictedForBudget(),
                state.budgetEvictionAge() / 3_600_000.0, state.evicted() - state.evictedForBudget(),
                peakAfterGc >> 20, finalHeap >> 20, maxHeap >> 20);
        assertThat(state.accounts()).isLessThanOrEqualTo(budget + 1_024);
        assertThat(Math.max(peakAfterGc, finalHeap)).as("heap after a collection").isLessThan((long) (maxHeap * 0.8));
        if (accounts > budget) {
            assertThat(state.evictedForBudget()).isPositive();
        }
    }

    private static DetectorState fresh(int budget) {
        DetectorState state = DetectorState.checkpointed();
        state.budget(budget);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            state.adopt(partition, 0);
        }
        return state;
    }

    /**
     * A restart: each partition's checkpoint written (as the compacted topic keeps it: the newest record per key,
     * deletes gone) and its histories let go, as a stopping detector hands its partitions over; then the partitions
     * restored one by one within the same budget, each checkpoint dropped once read, as the new process reads the
     * topic. The encoded checkpoints are all that is held in between.
     */
    private static DetectorState restartFromCheckpoints(DetectorState live, int budget) throws IOException {
        Map<Integer, PartitionSnapshot> checkpoints = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            live.switchTo(partition);
            checkpoints.put(partition, compacted(live.snapshot(partition)));
            live.release(partition);
        }
        DetectorState restored = DetectorState.checkpointed();
        restored.budget(budget);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            PartitionSnapshot checkpoint = checkpoints.remove(partition);
            restored.restore(partition, checkpoint.nextOffset(), checkpoint.watermark(), checkpoint.records());
        }
        return restored;
    }

    private static PartitionSnapshot compacted(PartitionSnapshot snapshot) {
        Map<String, byte[]> kept = new HashMap<>();
        snapshot.records().forEach((key, value) -> {
            if (value != null) {
                kept.put(key, value);
            }
        });
        return new PartitionSnapshot(snapshot.partition(), snapshot.nextOffset(), snapshot.watermark(), kept);
    }

    private static long usedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
