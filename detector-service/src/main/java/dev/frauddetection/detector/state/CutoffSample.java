package dev.frauddetection.detector.state;

import java.util.Arrays;

/**
 * The latest-event time at or below which evicting leaves about {@code keep} of {@code held} histories, from a sample
 * of up to 8,192 of them (a sort of every history would cost what the budget saves).
 */
final class CutoffSample {

    private final int stride;
    private final long[] sample;
    private int sampled;
    private int seen;

    CutoffSample(int held) {
        stride = Math.max(1, held / 8_192);
        sample = new long[Math.min(held, 8_192) + 1];
    }

    void offer(long latestTime) {
        if (seen++ % stride == 0 && sampled < sample.length) {
            sample[sampled++] = latestTime;
        }
    }

    long cutoff(int held, int keep) {
        long[] times = Arrays.copyOf(sample, sampled);
        Arrays.sort(times);
        return times[Math.min(times.length - 1, (int) ((long) times.length * (held - keep) / held))];
    }
}
