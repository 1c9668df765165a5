package dev.frauddetection.detector.scoring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The comparison baseline learns what a linear model cannot (an interaction of two features), is deterministic, and
 * refuses data it cannot learn from.
 */
class BoostedTreesBaselineTest {

    @Test
    void learnsAnInteractionThatTheLogisticRegressionCannot() {
        Random random = new Random(5);
        int d = 19;
        List<double[]> rows = new ArrayList<>();
        boolean[] fraud = new boolean[30_000];
        for (int i = 0; i < fraud.length; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
            // Fraud when exactly one of two features is high: no weighted sum separates that.
            fraud[i] = (row[3] > 0) != (row[7] > 0) && random.nextDouble() < 0.3;
            rows.add(row);
        }
        List<double[]> training = rows.subList(0, 20_000);
        List<double[]> heldOut = rows.subList(20_000, rows.size());
        boolean[] trainingLabels = Arrays.copyOfRange(fraud, 0, 20_000);
        boolean[] heldOutLabels = Arrays.copyOfRange(fraud, 20_000, fraud.length);

        BoostedTreesBaseline trees = BoostedTreesBaseline.train(training, trainingLabels, 60, 3, 0.1);
        FraudModel linear = ModelTrainer.train(training, trainingLabels, "lr-test", 1);

        double treesAuc = Evaluation.aucRoc(heldOut.stream().mapToDouble(trees::score).toArray(), heldOutLabels);
        double linearAuc = Evaluation.aucRoc(heldOut.stream().mapToDouble(linear::score).toArray(), heldOutLabels);
        System.out.printf("held-out AUC: boosted trees %.3f, logistic regression %.3f%n", treesAuc, linearAuc);
        // Frauds are a random 30 % of the interaction's half, so no model can exceed an AUC of about 0.79 here.
        assertThat(treesAuc).isGreaterThan(0.75);
        assertThat(linearAuc).isLessThan(0.6);
        assertThat(trees.trees()).isEqualTo(60);
        // Scores are probabilities.
        assertThat(heldOut.stream().mapToDouble(trees::score)).allMatch(p -> p > 0 && p < 1);
    }

    @Test
    void theSameRowsGiveTheSameTrees() {
        Random random = new Random(8);
        List<double[]> rows = new ArrayList<>();
        boolean[] fraud = new boolean[5_000];
        for (int i = 0; i < fraud.length; i++) {
            double[] row = {random.nextGaussian(), random.nextGaussian(), random.nextInt(3)};
            fraud[i] = row[0] + row[2] > 2 && random.nextBoolean();
            rows.add(row);
        }
        BoostedTreesBaseline first = BoostedTreesBaseline.train(rows, fraud, 20, 4, 0.1);
        BoostedTreesBaseline second = BoostedTreesBaseline.train(rows, fraud, 20, 4, 0.1);
        for (double[] row : rows) {
            assertThat(second.score(row)).isEqualTo(first.score(row));
        }
    }

    @Test
    void refusesAHistoryWithoutBothClasses() {
        List<double[]> rows = List.of(new double[]{1, 2}, new double[]{3, 4});
        assertThatThrownBy(() -> BoostedTreesBaseline.train(rows, new boolean[]{false, false}, 5, 2, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both fraud and genuine");
        assertThatThrownBy(() -> BoostedTreesBaseline.train(List.of(), new boolean[0], 5, 2, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
