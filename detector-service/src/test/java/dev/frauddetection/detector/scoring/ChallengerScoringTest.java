package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import dev.frauddetection.detector.state.DetectorState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A challenger changes nothing of the champion's verdicts, and decides exactly as it would as the champion. */
class ChallengerScoringTest {

    @Test
    void theChallengerIsRecordedBesideAnUnchangedVerdict() {
        RuleSet rules = DefaultScoring.rules();
        FraudModel shipped = DefaultScoring.model();
        FraudModel challenger = regression();
        ScoringEngine alone = ScoringEngine.withModel(new DetectorState(), () -> rules, shipped);
        LiveModels both = new LiveModels(shipped, challenger);
        ScoringEngine withChallenger = new ScoringEngine(new DetectorState(), () -> rules, () -> both);
        ScoringEngine challengerAsChampion = ScoringEngine.withModel(new DetectorState(), () -> rules, challenger);

        int challengerAlerts = 0;
        for (Payment payment : payments()) {
            Assessment champion = alone.assess(payment);
            Assessment recorded = withChallenger.assess(payment);
            Assessment asChampion = challengerAsChampion.assess(payment);

            assertThat(recorded.decision()).isEqualTo(champion.decision());
            assertThat(recorded.score()).isEqualTo(champion.score());
            assertThat(recorded.modelVersion()).isEqualTo(shipped.version());
            assertThat(recorded.reasons()).isEqualTo(champion.reasons());
            assertThat(champion.challenger()).isNull();
            assertThat(recorded.challenger().modelVersion()).isEqualTo("challenger-test");
            assertThat(recorded.challenger().modelScore()).isEqualTo(asChampion.modelScore());
            assertThat(recorded.challenger().decision()).isEqualTo(asChampion.decision());
            challengerAlerts += recorded.challenger().decision().raisesAlert() ? 1 : 0;
        }
        assertThat(challengerAlerts).as("the challenger must decide differently somewhere to prove anything")
                .isPositive();
    }

    private static List<Payment> payments() {
        Random random = new Random(8);
        List<Payment> payments = new ArrayList<>();
        long t = 1_795_000_000_000L;
        for (int i = 0; i < 3_000; i++) {
            t += random.nextInt(60_000);
            payments.add(new Payment("tx-" + i, "acc-" + random.nextInt(50), "fp", "m-" + random.nextInt(20), "5411",
                    random.nextBoolean() ? "ONLINE" : "CARD_PRESENT", Math.exp(random.nextGaussian() * 1.5 + 3),
                    "EUR", random.nextInt(10) == 0 ? "US" : "DE", 52.5, 13.4, t));
        }
        return payments;
    }

    /** Large amounts raise its score: a model that disagrees with the shipped one often enough to be seen. */
    private static LogisticRegressionModel regression() {
        int d = FeatureExtractor.NAMES.size();
        double[] ones = new double[d];
        Arrays.fill(ones, 1);
        double[] weights = new double[d];
        weights[FeatureExtractor.NAMES.indexOf("log_amount_eur")] = 2;
        double[] means = new double[d];
        means[FeatureExtractor.NAMES.indexOf("log_amount_eur")] = 3;
        return new LogisticRegressionModel("challenger-test", FeatureExtractor.NAMES, means, ones, weights, -6,
                "2026-12-08T00:00:00Z", Map.of());
    }
}
