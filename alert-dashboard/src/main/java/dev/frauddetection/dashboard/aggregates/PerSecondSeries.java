package dev.frauddetection.dashboard.aggregates;

/** Counts per wall-clock second for the last few minutes: the page's rate chart. */
final class PerSecondSeries {

    private final long[] counts;
    private final long[] seconds;

    PerSecondSeries(int length) {
        counts = new long[length + 1];
        seconds = new long[length + 1];
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    void add(long nowMillis, long n) {
        long second = Math.floorDiv(nowMillis, 1000);
        int slot = (int) Math.floorMod(second, (long) counts.length);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += n;
    }

    /** The counts of the last complete seconds before {@code nowMillis}, oldest first (the current one is partial). */
    long[] completeSeconds(long nowMillis) {
        long current = Math.floorDiv(nowMillis, 1000);
        long[] out = new long[counts.length - 1];
        for (int i = 0; i < out.length; i++) {
            long second = current - out.length + i;
            int slot = (int) Math.floorMod(second, (long) counts.length);
            out[i] = seconds[slot] == second ? counts[slot] : 0;
        }
        return out;
    }
}
