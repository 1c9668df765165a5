package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.training.LogisticRegressionTrainer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The explanation every alert carries: the features that raised the model's score most. */
class TopContributionsTest {

    @Test
    void agreesWithASortOfEveryContributionOnRandomPayments() {
        LogisticRegressionModel shipped = regression();
        Random random = new Random(5);
        for (int n = 0; n < 20_000; n++) {
            double[] x = new double[shipped.features().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = shipped.means()[i] + shipped.scales()[i] * random.nextGaussian() * 3;
            }
            int limit = random.nextInt(5);
            assertThat(shipped.topContributions(x, limit)).as(Arrays.toString(x) + " limit " + limit)
                    .isEqualTo(bySorting(shipped, x, limit));
        }
    }

    @Test
    void tiesKeepFeatureOrderAndSmallContributionsAreLeftOut() {
        int d = FeatureExtractor.NAMES.size();
        double[] zeros = new double[d];
        double[] ones = new double[d];
        Arrays.fill(ones, 1);
        FraudModel model = new LogisticRegressionModel("tie", FeatureExtractor.NAMES, zeros, ones, ones, 0,
                "2026-12-02T00:00:00Z", Map.of());
        double[] x = new double[d];
        x[2] = 0.5;
        x[7] = 0.5;
        x[4] = 0.9;
        x[9] = 0.05;
        x[11] = 0.5;

        assertThat(model.topContributions(x, 3))
                .containsExactly("log_count_1d=0.90 (+0.90)", "count_1m=0.50 (+0.50)", "log_mean_eur_1d=0.50 (+0.50)");
        assertThat(model.topContributions(x, 10)).hasSize(4).doesNotContain("log_mean_eur_30d=0.05 (+0.05)");
    }

    @Test
    void yesOrNoFeaturesAreNamedSo() {
        int d = FeatureExtractor.NAMES.size();
        int online = FeatureExtractor.NAMES.indexOf("channel_online");
        int cardPresent = FeatureExtractor.NAMES.indexOf("channel_card_present");
        int amount = FeatureExtractor.NAMES.indexOf("log_amount_eur");
        double[] means = new double[d];
        double[] scales = new double[d];
        double[] weights = new double[d];
        Arrays.fill(scales, 1);
        // Card-present payments are the usual ones (mean 1), and not being one raises the score.
        means[cardPresent] = 1;
        weights[cardPresent] = -1.5;
        weights[online] = 2;
        weights[amount] = 1;
        FraudModel model = new LogisticRegressionModel("yes-no", FeatureExtractor.NAMES, means, scales, weights, 0,
                "2026-12-03T00:00:00Z", Map.of());
        double[] x = new double[d];
        x[online] = 1;
        x[cardPresent] = 0;
        x[amount] = 1;

        assertThat(model.topContributions(x, 3)).containsExactly(
                "channel_online=yes (+2.00)", "channel_card_present=no (+1.50)", "log_amount_eur=1.00 (+1.00)");
        // A value that is neither 0 nor 1 stays a number.
        x[cardPresent] = -0.5;
        assertThat(model.topContributions(x, 3)).contains("channel_card_present=-0.50 (+2.25)");
    }

    /** A logistic regression with weights of both signs on every feature, from a planted signal. */
    private static LogisticRegressionModel regression() {
        Random random = new Random(9);
        int d = FeatureExtractor.NAMES.size();
        List<double[]> rows = new java.util.ArrayList<>();
        boolean[] fraud = new boolean[5_000];
        for (int i = 0; i < fraud.length; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                row[j] = 10 * j + random.nextGaussian() * (1 + j % 3);
            }
            fraud[i] = random.nextDouble() < 0.05;
            if (fraud[i]) {
                row[1] += 2;
                row[4] -= 1;
                row[8] += 1;
            }
            rows.add(row);
        }
        return LogisticRegressionTrainer.train(rows, fraud, "lr-test", 2);
    }

    /** What the explanation was before it was written as a top-k pass: a stable sort of every contribution. */
    private static List<String> bySorting(LogisticRegressionModel model, double[] x, int limit) {
        double[] contribution = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            contribution[i] = model.weights()[i] * (x[i] - model.means()[i]) / model.scales()[i];
        }
        return IntStream.range(0, x.length).boxed()
                .filter(i -> contribution[i] > 0.05)
                .sorted(Comparator.comparingDouble(i -> -contribution[i]))
                .limit(limit)
                .map(i -> String.format(Locale.ROOT, "%s=%.2f (+%.2f)", model.features().get(i), x[i], contribution[i]))
                .toList();
    }
}
