package dev.frauddetection.detector.training;

import dev.frauddetection.detector.scoring.FeatureExtractor;
import dev.frauddetection.detector.scoring.LogisticRegressionModel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/**
 * Fits a logistic regression by mini-batch gradient descent with L2 regularisation. Frauds are rare, so each class
 * weighs half of the loss; features are standardised on the training data, and the same standardisation is saved in
 * the model. Deterministic for a given seed.
 */
public final class LogisticRegressionTrainer {

    private static final int EPOCHS = 40;
    private static final int BATCH = 256;
    private static final double LEARNING_RATE = 0.05;
    private static final double L2 = 1e-4;

    private LogisticRegressionTrainer() {
    }

    public static LogisticRegressionModel train(List<double[]> rows, boolean[] fraud, String version, long seed) {
        int n = rows.size();
        int d = FeatureExtractor.NAMES.size();
        double[] means = new double[d];
        double[] scales = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                means[j] += row[j] / n;
            }
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scales[j] = Math.max(Math.sqrt(scales[j]), 1e-6);
        }
        long frauds = frauds(fraud);
        double fraudWeight = n / (2.0 * frauds);
        double genuineWeight = n / (2.0 * (n - frauds));

        double[] weights = new double[d];
        double bias = 0;
        double[] z = new double[d];
        Random random = new Random(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            shuffle(order, random);
            double rate = LEARNING_RATE / (1 + epoch * 0.1);
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                double[] gradient = new double[d];
                double gradientBias = 0;
                for (int k = start; k < end; k++) {
                    double[] row = rows.get(order[k]);
                    double logit = bias;
                    for (int j = 0; j < d; j++) {
                        z[j] = (row[j] - means[j]) / scales[j];
                        logit += weights[j] * z[j];
                    }
                    double p = 1 / (1 + Math.exp(-logit));
                    boolean label = fraud[order[k]];
                    double error = (p - (label ? 1 : 0)) * (label ? fraudWeight : genuineWeight);
                    for (int j = 0; j < d; j++) {
                        gradient[j] += error * z[j];
                    }
                    gradientBias += error;
                }
                int size = end - start;
                for (int j = 0; j < d; j++) {
                    weights[j] -= rate * (gradient[j] / size + L2 * weights[j]);
                }
                bias -= rate * gradientBias / size;
            }
        }
        // Class weighting trains for balanced classes; shift the bias back so scores are probabilities at the real
        // fraud rate (prior correction), which is what the decision thresholds are written against.
        bias += Math.log(frauds / (double) (n - frauds));
        return new LogisticRegressionModel(version, FeatureExtractor.NAMES, means, scales, weights, bias,
                Instant.now().toString(), new LinkedHashMap<>());
    }

    /** How many rows are fraud; refuses labels of one class only, from which no model can learn. */
    public static long frauds(boolean[] fraud) {
        long frauds = 0;
        for (boolean f : fraud) {
            frauds += f ? 1 : 0;
        }
        if (frauds == 0 || frauds == fraud.length) {
            throw new IllegalArgumentException("Training needs both fraud and genuine payments; got " + frauds
                    + " frauds in " + fraud.length);
        }
        return frauds;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
