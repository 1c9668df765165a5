package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.FeatureExtractor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.frauddetection.detector.state.AccountHistory.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's state within a fixed heap for days of event time (issue 23). Each surefire execution of the pom
 * (state-soak-kind, state-soak-production) runs it in a JVM of its own with the heap and account budget the chart
 * renders for one value set (HelmChartTest holds the pom and the chart to the same figures) and one replica's share
 * of that value set's stated capacity as the load: {@code soak.accounts} accounts over {@code soak.partitions}
 * partitions paying {@code soak.rate} payments/s in total at {@code soak.merchants} merchants, spread uniformly,
 * replayed in event time as fast as it goes for {@code soak.days} days, with a restart from the checkpoints half way.
 * A second run offers {@code soak.overload} times the accounts and merchants to show the budgets' eviction at work.
 * Prints the accounts held, evictions, their age, the heap after collection and the heap per account held, and fails
 * if the heap ever holds more than 80 % of its maximum after a collection (an OutOfMemoryError would fail it sooner).
 *
 * <p>Drives the state and the feature code directly, as the pipeline does per change event: Kafka, PostgreSQL and
 * the model add nothing that grows with time.
 */
class StateSoakTest {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** The partitions of payments.public.transactions one replica holds at the value set's fewest replicas. */
    private static final int PARTITIONS = Integer.getInteger("soak.partitions", 6);
    private static final int ACCOUNTS = Integer.getInteger("soak.accounts", 50_000);
    /** Merchants the payments go to, uniformly: every one is seen in every partition held. */
    private static final int MERCHANTS = Integer.getInteger("soak.merchants", 2_000);
    private static final double RATE = Double.parseDouble(System.getProperty("soak.rate", "5"));
    private static final int DAYS = Integer.getInteger("soak.days", 30);
    private static final int OVERLOAD = Integer.getInteger("soak.overload", 10);
    private static final int OVERLOAD_DAYS = Integer.getInteger("soak.overload-days", 10);
    /** The chart's FRAUD_DETECTOR_STATE_MAX_MERCHANTS; without one, the detector's default. */
    private static final int MERCHANT_BUDGET = Integer.getInteger("soak.merchant-budget", StateBudget.DEFAULT_MERCHANTS);
    /** The chart's FRAUD_DETECTOR_STATE_MAX_ACCOUNTS for this heap; without one, what the detector derives itself. */
    private static final int BUDGET = Integer.getInteger("soak.budget",
            StateBudget.accountsFor(Runtime.getRuntime().maxMemory(), MERCHANT_BUDGET));

    @Test
    void theStatedCapacityStaysWithinTheHeapAcrossARestart() throws IOException {
        Soak soak = run(ACCOUNTS, MERCHANTS, DAYS, "stated capacity");
        assertThat(soak.state.evictedForBudget()).as("a stated capacity the budget holds without evicting").isZero();
        assertThat(soak.state.merchantsEvictedForBudget()).isZero();
    }

    @Test
    void moreAccountsThanTheBudgetAreEvictedLeastRecentlyActiveFirst() throws IOException {
        Soak soak = run(ACCOUNTS * OVERLOAD, MERCHANTS * OVERLOAD, Math.min(DAYS, OVERLOAD_DAYS),
                OVERLOAD + " times the accounts and merchants");
        assertThat(soak.state.evictedForBudget()).isPositive();
        if (MERCHANTS * OVERLOAD > MERCHANT_BUDGET) {
            assertThat(soak.state.merchantsEvictedForBudget()).isPositive();
        }
        // Least recently active first: with uniform traffic the accounts held paid within the time the budget's worth
        // of accounts takes to pay once, about budget / payments per second; an account evicted earlier than half
        // of that would mean the eviction picked active histories.
        double expectedHours = BUDGET / RATE / 3_600;
        assertThat(soak.state.budgetEvictionAge() / 3_600_000.0).isGreaterThan(expectedHours / 2);
    }

    private record Soak(DetectorState state) {
    }

    private Soak run(int accounts, int merchants, long days, String what) throws IOException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long stepMillis = Math.max(1, Math.round(1_000 / RATE));
        long checkpointEvery = Math.max(1, 3_600_000 / stepMillis);
        SplittableRandom random = new SplittableRandom(23);
        long baseline = usedAfterGc();
        DetectorState state = fresh();
        long start = Payments.T0.toEpochMilli();
        long end = start + days * DAY;
        long events = 0;
        long peakAfterGc = 0;
        boolean restarted = false;
        long began = System.nanoTime();
        for (long t = start; t < end; t += stepMillis) {
            int account = random.nextInt(accounts);
            int partition = account % PARTITIONS;
            Payment p = new Payment("tx-" + events, "acc-" + account, "fp-" + account, "m-" + random.nextInt(merchants),
                    "5411", "ONLINE", 5 + random.nextInt(300), "EUR", account % 7 == 0 ? "FR" : "DE", Double.NaN,
                    Double.NaN, t);
            state.switchTo(partition);
            AccountHistory history = state.account(p.accountId());
            MerchantHistory merchant = state.merchant(p.merchantId());
            FeatureExtractor.extract(p, history, merchant);
            state.remember(p, history, merchant);
            state.applied(events);
            events++;
            if (events % checkpointEvery == 0) {
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
                state = restartFromCheckpoints(state);
                peakAfterGc = Math.max(peakAfterGc, usedAfterGc());
                restarted = true;
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long finalHeap = usedAfterGc();
        System.out.printf("SOAK %s (%.1f payments per account per 25 h, %d partitions): %,d payments over %d days of "
                        + "event time in %.1f s; %,d accounts of %,d, budget %,d; %,d merchants of %,d, budget %,d; "
                        + "evicted for the budgets %,d accounts (the last had paid %.1f h before the newest payment) "
                        + "and %,d merchants, idle %,d; heap after GC peak %,d MB, end %,d MB of %,d MB, %,d bytes per "
                        + "account held with its share of the merchants%n",
                what, RATE * 90_000 / accounts, PARTITIONS, events, days, seconds, state.accounts(), accounts, BUDGET,
                state.merchants(), merchants, MERCHANT_BUDGET, state.evictedForBudget(),
                state.budgetEvictionAge() / 3_600_000.0, state.merchantsEvictedForBudget(),
                state.evicted() - state.evictedForBudget() - state.merchantsEvictedForBudget(), peakAfterGc >> 20,
                finalHeap >> 20, maxHeap >> 20, (finalHeap - baseline) / Math.max(1, state.accounts()));
        assertThat(state.accounts()).isLessThanOrEqualTo(BUDGET + 1_024);
        assertThat(state.merchants()).isLessThanOrEqualTo(MERCHANT_BUDGET + 1_024);
        assertThat(Math.max(peakAfterGc, finalHeap)).as("heap after a collection").isLessThan((long) (maxHeap * 0.8));
        return new Soak(state);
    }

    private static DetectorState fresh() {
        DetectorState state = DetectorState.checkpointed();
        state.budget(BUDGET);
        state.merchantBudget(MERCHANT_BUDGET);
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
    private static DetectorState restartFromCheckpoints(DetectorState live) throws IOException {
        Map<Integer, PartitionSnapshot> checkpoints = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            live.switchTo(partition);
            checkpoints.put(partition, compacted(live.snapshot(partition)));
            live.release(partition);
        }
        DetectorState restored = DetectorState.checkpointed();
        restored.budget(BUDGET);
        restored.merchantBudget(MERCHANT_BUDGET);
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
