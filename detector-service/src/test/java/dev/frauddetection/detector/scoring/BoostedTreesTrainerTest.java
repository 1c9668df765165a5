package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.features.FeatureExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Boosted trees learn what a linear model cannot (an interaction of two features), survive saving and loading, explain
 * a score by shares that add up to it, are deterministic, and refuse data they cannot learn from.
 */
class BoostedTreesTrainerTest {

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

        FraudModel trees = BoostedTreesTrainer.train(training, trainingLabels, 60, 3, 0.1, "gbt-test");
        FraudModel linear = ModelTrainer.train(training, trainingLabels, "lr-test", 1);

        double treesAuc = Evaluation.aucRoc(heldOut.stream().mapToDouble(trees::score).toArray(), heldOutLabels);
        double linearAuc = Evaluation.aucRoc(heldOut.stream().mapToDouble(linear::score).toArray(), heldOutLabels);
        System.out.printf("held-out AUC: boosted trees %.3f, logistic regression %.3f%n", treesAuc, linearAuc);
        // Frauds are a random 30 % of the interaction's half, so no model can exceed an AUC of about 0.79 here.
        assertThat(treesAuc).isGreaterThan(0.75);
        assertThat(linearAuc).isLessThan(0.6);
        assertThat(trees.trees().count()).isEqualTo(60);
        assertThat(trees.checked().kind()).isEqualTo(FraudModel.BOOSTED_TREES);
        // Scores are probabilities.
        assertThat(heldOut.stream().mapToDouble(trees::score)).allMatch(p -> p > 0 && p < 1);
    }

    @Test
    void scoresAndExplainsTheSameAfterSavingAndLoading(@TempDir Path dir) {
        Random random = new Random(4);
        int d = FeatureExtractor.NAMES.size();
        List<double[]> rows = new ArrayList<>();
        boolean[] fraud = new boolean[20_000];
        for (int i = 0; i < fraud.length; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
            fraud[i] = random.nextDouble() < 0.03;
            if (fraud[i]) {
                row[0] += 3;
                row[12] += 2;
            }
            rows.add(row);
        }
        FraudModel model = BoostedTreesTrainer.train(rows, fraud, 40, 4, 0.1, "gbt-test");
        Path file = dir.resolve("model.json");
        model.write(file);
        FraudModel loaded = FraudModel.read(file);

        assertThat(loaded.kind()).isEqualTo(FraudModel.BOOSTED_TREES);
        for (int i = 0; i < 200; i++) {
            assertThat(loaded.score(rows.get(i))).isEqualTo(model.score(rows.get(i)));
            assertThat(loaded.topContributions(rows.get(i), 3)).isEqualTo(model.topContributions(rows.get(i), 3));
        }
        // The planted signal is what the explanation names for a payment far along it.
        double[] suspicious = new double[d];
        suspicious[0] = 4;
        suspicious[12] = 3;
        assertThat(model.score(suspicious)).isGreaterThan(0.5);
        assertThat(model.topContributions(suspicious, 2)).hasSize(2)
                .allMatch(text -> text.startsWith(FeatureExtractor.NAMES.get(0) + "=")
                        || text.startsWith(FeatureExtractor.NAMES.get(12) + "="));
    }

    @Test
    void theSharesOfTheFeaturesAddUpToTheScore() {
        Random random = new Random(6);
        List<double[]> rows = new ArrayList<>();
        boolean[] fraud = new boolean[8_000];
        for (int i = 0; i < fraud.length; i++) {
            double[] row = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            fraud[i] = row[0] * row[1] > 0.5 && random.nextBoolean();
            rows.add(row);
        }
        FraudModel.TreeEnsemble trees = BoostedTreesTrainer.train(rows, fraud, 30, 3, 0.1, "v").trees();
        int nodes = trees.nodesPerTree();
        double roots = trees.baseScore();
        for (int offset = 0; offset < trees.feature().length; offset += nodes) {
            roots += trees.value()[offset];
        }
        for (double[] row : rows.subList(0, 500)) {
            double sum = roots;
            for (double share : trees.contributions(row)) {
                sum += share;
            }
            assertThat(sum).isCloseTo(trees.logit(row), within(1e-9));
        }
    }

    @Test
    void refusesTreesThatCannotBeEvaluated() {
        FraudModel.TreeEnsemble good = BoostedTreesTrainer.train(List.of(new double[19], new double[19],
                new double[19]), new boolean[]{true, false, false}, 1, 1, 0.1, "v").trees();
        int[] splitsOnAMissingFeature = {19, -1, -1};
        int[] splitsAtALeaf = {-1, 0, -1};
        for (FraudModel.TreeEnsemble broken : List.of(
                new FraudModel.TreeEnsemble(0, 0.1, 1, splitsOnAMissingFeature, new double[3], new double[3]),
                new FraudModel.TreeEnsemble(0, 0.1, 1, splitsAtALeaf, new double[3], new double[3]),
                new FraudModel.TreeEnsemble(0, 0.1, 1, good.feature(), new double[2], good.value()),
                new FraudModel.TreeEnsemble(0, 0.1, 1, new int[]{-1, -1}, new double[2], new double[2]),
                new FraudModel.TreeEnsemble(0, 0.1, 1, good.feature(), good.threshold(),
                        new double[]{Double.NaN, 0, 0}))) {
            FraudModel model = new FraudModel("broken", FraudModel.BOOSTED_TREES, FeatureExtractor.NAMES, null, null,
                    null, 0, broken, "", Map.of());
            assertThatThrownBy(model::checked).as("%s", java.util.Arrays.toString(broken.feature()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken");
        }
        FraudModel unknownKind = new FraudModel("odd", "random-forest", FeatureExtractor.NAMES, null, null, null, 0,
                good, "", Map.of());
        assertThatThrownBy(unknownKind::checked).hasMessageContaining("random-forest");
    }

    @Test
    void aThresholdOfMinusZeroSendsZeroLeftAsAtMostSays() {
        // One split on feature 0 at -0.0: 0.0 <= -0.0, so a zero goes left (value 1); anything above goes right.
        FraudModel.TreeEnsemble split = new FraudModel.TreeEnsemble(0, 0.1, 1, new int[]{0, -1, -1},
                new double[]{-0.0, 0, 0}, new double[]{0, 1, 2});
        assertThat(split.logit(new double[]{0.0})).isEqualTo(1);
        assertThat(split.logit(new double[]{-0.0})).isEqualTo(1);
        assertThat(split.logit(new double[]{1e-300})).isEqualTo(2);
        assertThat(split.logit(new double[]{-1e-300})).isEqualTo(1);
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
        FraudModel first = BoostedTreesTrainer.train(rows, fraud, 20, 4, 0.1, "a");
        FraudModel second = BoostedTreesTrainer.train(rows, fraud, 20, 4, 0.1, "b");
        for (double[] row : rows) {
            assertThat(second.score(row)).isEqualTo(first.score(row));
        }
    }

    @Test
    void refusesAHistoryWithoutBothClasses() {
        List<double[]> rows = List.of(new double[]{1, 2}, new double[]{3, 4});
        assertThatThrownBy(() -> BoostedTreesTrainer.train(rows, new boolean[]{false, false}, 5, 2, 0.1, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both fraud and genuine");
        assertThatThrownBy(() -> BoostedTreesTrainer.train(List.of(), new boolean[0], 5, 2, 0.1, "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
