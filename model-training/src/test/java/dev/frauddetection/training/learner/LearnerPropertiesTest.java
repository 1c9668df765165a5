package dev.frauddetection.training.learner;

import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.training.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the learner must do on data of known structure, whatever simulator the project uses: recover a threshold,
 * find an interaction a regression cannot, claim nothing on noise, and hold up against the baseline with rare, noisy
 * frauds. Each case fits on 60 % of the rows, validates on the next 20 % (early stopping and the choice of model) and
 * is judged on the last 20 %, never seen before.
 */
class LearnerPropertiesTest {

    private record Outcome(ModelSelection.Selection selection, double[] trees, double[] regression, boolean[] fraud)
            implements AutoCloseable {
        @Override
        public void close() {
            selection.close();
        }

        double treesAp() {
            return Evaluation.averagePrecision(trees, fraud);
        }

        double regressionAp() {
            return Evaluation.averagePrecision(regression, fraud);
        }
    }

    private static Outcome fit(int n, long seed, Predicate<double[]> rule, double noise) {
        return fit(SyntheticRows.of(n, seed, rule, noise), seed);
    }

    private static Outcome fit(LabelledRows rows, long seed) {
        int n = rows.size();
        int validFrom = (int) (n * 0.6);
        int testFrom = (int) (n * 0.8);
        ModelSelection.Selection selection = ModelSelection.select(rows.slice(0, validFrom),
                rows.slice(validFrom, testFrom), "property", seed, line -> { });
        LabelledRows test = rows.slice(testFrom, n);
        FraudModel trees = FraudModel.boostedTrees("trees", selection.trees().ensemble());
        return new Outcome(selection, ModelSelection.scores(trees, test.features()),
                ModelSelection.scores(selection.logisticRegression(), test.features()), test.fraud());
    }

    @Test
    void recoversALabelSetByOneThreshold() {
        // Frauds are exactly the rows with feature 3 above 1.5 (about 7 %).
        try (Outcome outcome = fit(20_000, 1, row -> row[3] > 1.5, 0)) {
            assertThat(outcome.treesAp()).isGreaterThan(0.99);
            assertThat(outcome.selection().model().kind()).isEqualTo(FraudModel.BOOSTED_TREES);
        }
    }

    @Test
    void treesFindAnInteractionThatARegressionCannot() {
        // Fraud when features 5 and 6 have the same sign and both are large: no weighted sum separates it.
        try (Outcome outcome = fit(30_000, 2, row -> row[5] * row[6] > 1, 0)) {
            assertThat(outcome.treesAp()).isGreaterThan(0.9);
            assertThat(outcome.treesAp()).isGreaterThan(outcome.regressionAp() + 0.3);
            assertThat(outcome.selection().model().kind()).isEqualTo(FraudModel.BOOSTED_TREES);
        }
    }

    @Test
    void pureNoiseGivesNoRankingAndNoConfidentScore() {
        // 5 % frauds, independent of every feature.
        try (Outcome outcome = fit(20_000, 3, row -> false, 0.05)) {
            assertThat(Evaluation.aucRoc(outcome.trees(), outcome.fraud())).isBetween(0.45, 0.55);
            assertThat(Arrays.stream(outcome.trees()).max().orElseThrow()).isLessThan(0.2);
            assertThat(Arrays.stream(outcome.regression()).max().orElseThrow()).isLessThan(0.2);
        }
    }

    @Test
    void rareFraudsWithNoisyLabelsDoNoWorseThanTheRegression() {
        // About 0.5 % frauds from a threshold on a sum of two features (which a regression expresses exactly); 10 % of
        // them labelled genuine, and about as many genuine ones labelled fraud.
        Predicate<double[]> rule = row -> row[8] + row[9] > 3.65;
        try (Outcome outcome = fit(SyntheticRows.of(100_000, 4, rule, 0.1, 0.0005), 4)) {
            long frauds = 0;
            for (boolean f : outcome.fraud()) {
                frauds += f ? 1 : 0;
            }
            assertThat(frauds).as("frauds held out").isBetween(60L, 160L);
            assertThat(outcome.treesAp()).isGreaterThanOrEqualTo(outcome.regressionAp());
        }
    }
}
