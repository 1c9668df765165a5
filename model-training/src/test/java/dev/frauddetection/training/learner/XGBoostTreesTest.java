package dev.frauddetection.training.learner;

import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.training.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The trees the detector scores are XGBoost's: side by side on the same rows, the converted model gives XGBoost's
 * own probability for every row, including values that sit exactly on a split and doubles that round onto one.
 */
class XGBoostTreesTest {

    @Test
    void aThresholdSendsADoubleLeftExactlyWhenXGBoostsFloatComparisonDoes() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            float split = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            double threshold = XGBoostTrees.lastDoubleBelow(split);
            assertThat((float) threshold < split).as("threshold %s of split %s", threshold, split).isTrue();
            assertThat((float) Math.nextUp(threshold) < split).as("above the threshold of %s", split).isFalse();
            double probe = split + random.nextGaussian() * Math.ulp(split);
            assertThat(probe <= threshold).as("probe %s, split %s", probe, split).isEqualTo((float) probe < split);
        }
    }

    @Test
    void convertedTreesScoreEveryRowAsXGBoostDoes() {
        int n = 30_000;
        LabelledRows all = SyntheticRows.of(n, 8, random -> {
            double[] row = new double[SyntheticRows.WIDTH];
            for (int j = 0; j < row.length; j++) {
                // Counts (many rows on each split), logs of counts (doubles that are not floats) and continuous values.
                row[j] = switch (j % 3) {
                    case 0 -> random.nextInt(6);
                    case 1 -> Math.log(1 + random.nextInt(40));
                    default -> random.nextGaussian() * 100;
                };
            }
            return row;
        }, (row, random) -> {
            // A fraud probability that rises smoothly with three features: many trees, each a little better.
            double logit = (row[0] - 4) + (row[1] - 2.5) + row[2] / 50 - 2;
            return random.nextDouble() < 1 / (1 + Math.exp(-logit));
        });
        List<double[]> rows = all.features();
        boolean[] fraud = all.fraud();
        int[] columns = ModelSelection.columns(true);
        try (GradientBoosting.Fitted fitted = GradientBoosting.fit(all.slice(0, 20_000), all.slice(20_000, n),
                columns, new BoostingSettings(6, 0.1, 10, 0.8, 0.8), 3)) {
            FraudModel model = FraudModel.boostedTrees("side-by-side", fitted.ensemble()).checked();
            double[] ours = ModelSelection.scores(model, rows);
            double[] theirs = fitted.xgboostScores(rows);
            assertThat(fitted.trees()).isGreaterThan(10);
            for (int i = 0; i < n; i++) {
                // XGBoost sums in float, the detector in double: equal to float precision.
                assertThat(ours[i]).as("row %d", i).isCloseTo(theirs[i], within(2e-6));
            }
            assertThat(Evaluation.averagePrecision(ours, fraud))
                    .isCloseTo(Evaluation.averagePrecision(theirs, fraud), within(1e-4));
        }
    }
}
