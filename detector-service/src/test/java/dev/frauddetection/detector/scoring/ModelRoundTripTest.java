package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.training.Evaluation;
import dev.frauddetection.detector.training.LogisticRegressionTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training learns a planted signal; a saved model scores exactly like the one in memory. */
class ModelRoundTripTest {

    @Test
    void learnsAPlantedSignalAndScoresTheSameAfterSavingAndLoading(@TempDir Path dir) {
        Random random = new Random(3);
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

        LogisticRegressionModel model = LogisticRegressionTrainer.train(rows, fraud, "test-v1", 1);
        double[] scores = rows.stream().mapToDouble(model::score).toArray();
        assertThat(Evaluation.aucRoc(scores, fraud)).isGreaterThan(0.97);
        assertThat(model.weights()[0]).isGreaterThan(Math.abs(model.weights()[5]));

        Path file = dir.resolve("model.json");
        model.write(file);
        FraudModel loaded = FraudModel.read(file);
        for (int i = 0; i < 100; i++) {
            assertThat(loaded.score(rows.get(i))).isEqualTo(model.score(rows.get(i)));
        }
        assertThat(loaded.topContributions(rows.get(0), 3)).isEqualTo(model.topContributions(rows.get(0), 3));
    }

    @Test
    void theShippedModelMatchesTheDetectorsFeaturesAndWasEvaluated() {
        FraudModel shipped = DefaultScoring.model();

        assertThat(shipped.features()).isEqualTo(FeatureExtractor.NAMES);
        assertThat(shipped.evaluation().get("auc_roc")).isGreaterThan(0.95);
    }

    @Test
    void refusesAModelTrainedOnOtherFeatures() {
        FraudModel shipped = DefaultScoring.model();
        FraudModel other = new LogisticRegressionModel("old", List.of("amount"), new double[1], new double[]{1},
                new double[1], 0, "", shipped.evaluation());

        assertThatThrownBy(other::checked).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retrain it with the train command");
    }
}
