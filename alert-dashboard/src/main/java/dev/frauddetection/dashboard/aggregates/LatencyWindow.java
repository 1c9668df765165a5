package dev.frauddetection.dashboard.aggregates;

import java.time.Duration;

/**
 * Verdict latencies over a sliding window, kept as log-scale histograms (bins 10% wide) per bucket of time, so a
 * percentile is read in constant time and memory whatever the rate. The answer is the bin's upper bound: at most 10%
 * above the true value, never below it.
 */
final class LatencyWindow {

    private static final int BINS = 200;
    private static final double GROWTH = 1.1;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BUCKETS = SlidingTotals.BUCKETS;

    private final long bucketMillis;
    private final long[][] buckets = new long[BUCKETS][BINS];
    private final long[] totals = new long[BINS];
    private long count;
    private long head = Long.MIN_VALUE;

    LatencyWindow(Duration window) {
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
    }

    void record(long nowMillis, long latencyMillis) {
        advance(nowMillis);
        int bin = bin(Math.max(0, latencyMillis));
        buckets[(int) Math.floorMod(head, (long) BUCKETS)][bin]++;
        totals[bin]++;
        count++;
    }

    void advance(long nowMillis) {
        long current = Math.floorDiv(nowMillis, bucketMillis);
        if (head == Long.MIN_VALUE || current <= head) {
            head = Math.max(head, current);
            return;
        }
        long steps = Math.min(BUCKETS, current - head);
        for (long i = 1; i <= steps; i++) {
            long[] bucket = buckets[(int) Math.floorMod(head + i, (long) BUCKETS)];
            for (int b = 0; b < BINS; b++) {
                totals[b] -= bucket[b];
                count -= bucket[b];
                bucket[b] = 0;
            }
        }
        head = current;
    }

    long count(long nowMillis) {
        advance(nowMillis);
        return count;
    }

    /** The latency, in milliseconds, that the given fraction (0.5, 0.99) of verdicts in the window stayed within. */
    Long quantile(long nowMillis, double q) {
        advance(nowMillis);
        if (count == 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += totals[b];
            if (seen >= rank) {
                return upperBound(b);
            }
        }
        return upperBound(BINS - 1);
    }

    private static int bin(long millis) {
        if (millis <= 1) {
            return (int) millis;
        }
        return Math.min(BINS - 1, 1 + (int) Math.ceil(Math.log(millis) / LOG_GROWTH));
    }

    private static long upperBound(int bin) {
        return bin <= 1 ? bin : (long) Math.floor(Math.pow(GROWTH, bin - 1));
    }
}
