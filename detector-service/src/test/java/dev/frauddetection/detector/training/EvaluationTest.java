package dev.frauddetection.detector.training;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {

    private final boolean[] fraud = {false, false, true, false, true};

    @Test
    void aucIsOneForAPerfectRankingAndHalfForTies() {
        assertThat(Evaluation.aucRoc(new double[]{0.1, 0.2, 0.9, 0.3, 0.8}, fraud)).isEqualTo(1.0);
        assertThat(Evaluation.aucRoc(new double[]{0.5, 0.5, 0.5, 0.5, 0.5}, fraud)).isEqualTo(0.5);
        // One genuine payment (0.85) outranks one fraud (0.8): 5 of 6 pairs in order.
        assertThat(Evaluation.aucRoc(new double[]{0.1, 0.85, 0.9, 0.3, 0.8}, fraud)).isCloseTo(5 / 6.0, within(1e-12));
    }

    @Test
    void averagePrecisionAveragesPrecisionAtEachFraud() {
        // Ranking: 0.9 (fraud, P=1), 0.85 (genuine), 0.8 (fraud, P=2/3).
        assertThat(Evaluation.averagePrecision(new double[]{0.1, 0.85, 0.9, 0.3, 0.8}, fraud))
                .isCloseTo((1 + 2 / 3.0) / 2, within(1e-12));
    }

    @Test
    void averagePrecisionTreatsEqualScoresAsOneThreshold() {
        // All five tied: one threshold, recall 1 at precision 2/5, whatever the order of the rows.
        assertThat(Evaluation.averagePrecision(new double[]{0.5, 0.5, 0.5, 0.5, 0.5}, fraud)).isCloseTo(0.4, within(1e-12));
        // 0.9 alone (fraud, P=1), then 0.8 tied with a genuine 0.8 (recall +1/2 at P=2/3).
        assertThat(Evaluation.averagePrecision(new double[]{0.1, 0.8, 0.9, 0.3, 0.8}, fraud))
                .isCloseTo((1 + 2 / 3.0) / 2, within(1e-12));
        boolean[] reversed = {true, false, false, false, false};
        assertThat(Evaluation.averagePrecision(new double[]{0.1, 0.8, 0.8, 0.8, 0.8}, reversed)).isCloseTo(0.2,
                within(1e-12));
    }

    @Test
    void precisionAndRecallAtAnOperatingPoint() {
        Map<String, Double> point = Evaluation.atOperatingPoint(new boolean[]{false, true, true, false, false}, fraud);

        assertThat(point.get("precision")).isEqualTo(0.5);
        assertThat(point.get("recall")).isEqualTo(0.5);
    }
}
