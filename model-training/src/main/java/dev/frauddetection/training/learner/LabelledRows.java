package dev.frauddetection.training.learner;

import java.util.Arrays;
import java.util.List;

/**
 * Feature rows in event-time order with what is known of each payment: whether it was fraud and from when that was
 * known ({@link #ALWAYS_KNOWN} when the history does not say), its time, its account and its amount in euros (for
 * the per-day card precision and the amount-alone baseline of an evaluation).
 */
public record LabelledRows(List<double[]> features, boolean[] fraud, long[] knownAt, long[] time, String[] account,
                           double[] euros) {

    public static final long ALWAYS_KNOWN = Long.MIN_VALUE;

    /** The same rows with only the frauds known by {@code moment} labelled as fraud: what a model fitted then learns. */
    public LabelledRows knownBy(long moment) {
        boolean[] known = new boolean[fraud.length];
        for (int i = 0; i < known.length; i++) {
            known[i] = fraud[i] && knownAt[i] <= moment;
        }
        return new LabelledRows(features, known, knownAt, time, account, euros);
    }

    public int size() {
        return fraud.length;
    }

    public int frauds() {
        int n = 0;
        for (boolean f : fraud) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /** Rows [from, to) in the same order. */
    public LabelledRows slice(int from, int to) {
        return new LabelledRows(features.subList(from, to), Arrays.copyOfRange(fraud, from, to),
                Arrays.copyOfRange(knownAt, from, to), Arrays.copyOfRange(time, from, to), Arrays.copyOfRange(account, from, to),
                Arrays.copyOfRange(euros, from, to));
    }

    /** The first row at or after {@code t} (rows are in time order). */
    public int firstAtOrAfter(long t) {
        int low = 0;
        int high = time.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (time[mid] < t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
