package dev.frauddetection.training.learner;

import dev.frauddetection.detector.scoring.FeatureExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Rows of the detector's width with known structure, independent of any simulator: every feature is noise
 * (Gaussian) unless a test plants a label rule on some of them. Rows are "in time order" one minute apart.
 */
final class SyntheticRows {

    static final int WIDTH = FeatureExtractor.NAMES.size();

    private SyntheticRows() {
    }

    /** {@code n} rows labelled by {@code rule}, then each label flipped with probability {@code noise}. */
    static LabelledRows of(int n, long seed, Predicate<double[]> rule, double noise) {
        return of(n, seed, rule, noise, noise);
    }

    /**
     * {@code n} rows labelled by {@code rule}; a fraud by the rule is labelled genuine with probability {@code missed},
     * a genuine one labelled fraud with probability {@code falseAlarm}.
     */
    static LabelledRows of(int n, long seed, Predicate<double[]> rule, double missed, double falseAlarm) {
        return of(n, seed, random -> {
            double[] row = new double[WIDTH];
            for (int j = 0; j < WIDTH; j++) {
                row[j] = random.nextGaussian();
            }
            return row;
        }, (row, random) -> rule.test(row) ? random.nextDouble() >= missed : random.nextDouble() < falseAlarm);
    }

    /** {@code n} rows drawn by {@code rows} and labelled by {@code label}, both from one random source. */
    static LabelledRows of(int n, long seed, Function<Random, double[]> rows, BiPredicate<double[], Random> label) {
        Random random = new Random(seed);
        List<double[]> features = new ArrayList<>(n);
        boolean[] fraud = new boolean[n];
        long[] knownAt = new long[n];
        long[] time = new long[n];
        String[] account = new String[n];
        double[] euros = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = rows.apply(random);
            features.add(row);
            fraud[i] = label.test(row, random);
            knownAt[i] = LabelledRows.ALWAYS_KNOWN;
            time[i] = i * 60_000L;
            account[i] = "a" + random.nextInt(1_000);
            euros[i] = Math.exp(row[0]);
        }
        return new LabelledRows(features, fraud, knownAt, time, account, euros);
    }
}
