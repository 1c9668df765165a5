package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.FeatureExtractor;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.LogisticRegressionModel;
import dev.frauddetection.detector.scoring.ModelAssignment;
import dev.frauddetection.detector.scoring.ModelRegistration;
import dev.frauddetection.detector.scoring.ModelRegistration.TrainingWindow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's records in every order a compacted topic and two administrators can produce, and bad ones. */
class ModelRegistryTest {

    private static final FraudModel SHIPPED = DefaultScoring.model();
    private static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");

    private final ModelRegistry registry = new ModelRegistry(SHIPPED, "shipped", null);

    @Test
    void theShippedModelJudgesAloneUntilTheRegistryNamesAChampion() {
        assertThat(registry.live().champion()).isSameAs(SHIPPED);
        assertThat(registry.live().challenger()).isNull();
        assertThat(registry.find(SHIPPED.version())).isPresent();
        assertThat(registry.assignment()).isEmpty();
    }

    @Test
    void aChallengerIsScoredOnceRegisteredAndAssignedThenPromotedAndRolledBack() {
        FraudModel candidate = regression("db-2026-12-08");
        registry.onRecord("version/db-2026-12-08", registration(candidate));
        assertThat(registry.live().challenger()).as("registered is not assigned").isNull();

        registry.onRecord(ModelAssignment.KEY, assignment(1, SHIPPED.version(), "db-2026-12-08"));
        assertThat(registry.live().champion()).isSameAs(SHIPPED);
        assertThat(registry.live().challenger().version()).isEqualTo("db-2026-12-08");

        registry.onRecord(ModelAssignment.KEY, assignment(2, "db-2026-12-08", null));
        assertThat(registry.live().champion().version()).isEqualTo("db-2026-12-08");
        assertThat(registry.live().challenger()).isNull();

        registry.onRecord(ModelAssignment.KEY, assignment(3, SHIPPED.version(), null));
        assertThat(registry.live().champion()).isSameAs(SHIPPED);
        assertThat(registry.assignment().orElseThrow().sequence()).isEqualTo(3);
    }

    @Test
    void anAssignmentNamingAVersionNotYetReadWaitsForIt() {
        registry.onRecord(ModelAssignment.KEY, assignment(1, "db-late", null));
        assertThat(registry.live().champion()).as("not read yet").isSameAs(SHIPPED);

        registry.onRecord("version/db-late", registration(regression("db-late")));
        assertThat(registry.live().champion().version()).isEqualTo("db-late");
    }

    @Test
    void anOlderAssignmentNeverUndoesANewerOne() {
        registry.onRecord("version/a", registration(regression("a")));
        registry.onRecord("version/b", registration(regression("b")));
        registry.onRecord(ModelAssignment.KEY, assignment(5, "b", null));
        registry.onRecord(ModelAssignment.KEY, assignment(4, "a", null));
        registry.onRecord(ModelAssignment.KEY, assignment(5, "a", null));

        assertThat(registry.live().champion().version()).isEqualTo("b");
        assertThat(registry.rejected()).isZero();
    }

    @Test
    void invalidRecordsAreCountedAndChangeNothing() {
        registry.onRecord("version/a", registration(regression("a")));
        registry.onRecord(ModelAssignment.KEY, assignment(1, SHIPPED.version(), "a"));
        FraudModel otherFeatures = new LogisticRegressionModel("old", List.of("amount"), new double[1],
                new double[]{1}, new double[1], 0, "", Map.of());

        registry.onRecord("version/x", "not json".getBytes(StandardCharsets.UTF_8));
        registry.onRecord("version/old", registration(otherFeatures));
        registry.onRecord("version/c", registration(regression("d")));
        registry.onRecord("something-else", registration(regression("e")));
        registry.onRecord(ModelAssignment.KEY, "{\"sequence\": 2}".getBytes(StandardCharsets.UTF_8));
        registry.onRecord(ModelAssignment.KEY, ("{\"sequence\": 3, \"champion\": \"a\", \"challenger\": \"a\", "
                + "\"changed_at\": \"2026-12-08T01:00:00Z\"}").getBytes(StandardCharsets.UTF_8));

        assertThat(registry.rejected()).isEqualTo(6);
        assertThat(registry.live().champion()).isSameAs(SHIPPED);
        assertThat(registry.live().challenger().version()).isEqualTo("a");
        assertThat(registry.find("old")).isEmpty();
        assertThat(registry.find("d")).isEmpty();
    }

    @Test
    void aRegistrationKeepsWhatItWasTrainedOn() {
        TrainingWindow window = new TrainingWindow(NOW.minusSeconds(86_400 * 30), NOW, 1_200_000, 3_400, "sha256:ab");
        ModelRegistration written = new ModelRegistration(regression("db-w"), NOW, "train --from-database",
                "database", window);

        ModelRegistration read = ModelRegistration.parse(written.json());

        assertThat(read.trainingWindow()).contains(window);
        assertThat(read.registeredBy()).isEqualTo("train --from-database");
        assertThat(read.model().score(new double[FeatureExtractor.NAMES.size()]))
                .isEqualTo(written.model().score(new double[FeatureExtractor.NAMES.size()]));
    }

    private static LogisticRegressionModel regression(String version) {
        int d = FeatureExtractor.NAMES.size();
        double[] ones = new double[d];
        Arrays.fill(ones, 1);
        return new LogisticRegressionModel(version, FeatureExtractor.NAMES, new double[d], ones, ones, -3,
                NOW.toString(), Map.of("auc_roc", 0.9));
    }

    private static byte[] registration(FraudModel model) {
        return new ModelRegistration(model, NOW, "test", "test", null).json();
    }

    private static byte[] assignment(long sequence, String champion, String challenger) {
        return new ModelAssignment(sequence, champion, challenger, "test", NOW, "because").json();
    }
}
