package dev.frauddetection.training.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.training.datasets.HandbookSimulatorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code evaluate} on a small history of the handbook's simulator (a design the rules were not written for): folds
 * roll forward by the test window, each with the model train would ship beside logistic regression, XGBoost's own
 * scores and the amount alone, and the JSON holds what the console shows.
 */
class EvaluateCommandTest {

    @Test
    void rollsForwardAndReportsEveryScorerPerFoldAndOnAverage(@TempDir Path dir) throws IOException {
        HandbookSimulatorRun.write(dir, 600, 1_200, 35, 7);
        Path out = dir.resolve("figures.json");

        Evaluate.evaluate(new String[]{"--transactions", dir.resolve("transactions.csv").toString(), "--labels",
                dir.resolve("labels.csv").toString(), "--out", out.toString(), "--train", "14d", "--delay", "7d",
                "--test", "7d"});

        JsonNode report = new ObjectMapper().readTree(out.toFile());
        // 35 days: tests start on days 21 and 28 (a third would end on day 42).
        assertThat(report.path("folds")).hasSize(2);
        for (JsonNode fold : report.path("folds")) {
            assertThat(fold.path("test_frauds").asInt()).isPositive();
            JsonNode figures = fold.path("figures");
            for (String scorer : new String[]{"model", "logistic_regression", "xgboost_reference", "amount_alone"}) {
                assertThat(figures.path(scorer).path("average_precision").asDouble()).as(scorer).isBetween(0.0, 1.0);
                assertThat(figures.path(scorer).path("card_precision_at_k").asDouble()).as(scorer).isBetween(0.0, 1.0);
            }
            // What ships is scored in plain Java from XGBoost's trees: the same figures.
            assertThat(figures.path("model").path("average_precision").asDouble()).isCloseTo(
                    figures.path("xgboost_reference").path("average_precision").asDouble(), within(0.001));
        }
        assertThat(report.path("mean").path("model").path("auc_roc").asDouble()).isGreaterThan(0.75);
        assertThat(report.path("mean").path("model").path("average_precision").asDouble()).isGreaterThan(
                report.path("mean").path("amount_alone").path("average_precision").asDouble());
    }

    @Test
    void refusesWindowsItCannotUse(@TempDir Path dir) throws IOException {
        HandbookSimulatorRun.write(dir, 50, 100, 10, 7);
        String tx = dir.resolve("transactions.csv").toString();
        String labels = dir.resolve("labels.csv").toString();
        assertThatThrownBy(() -> Evaluate.evaluate(new String[]{"--transactions", tx, "--labels", labels, "--train",
                "3 weeks"})).hasMessageContaining("--train must be a duration in days or hours such as 7d or 3h");
        assertThatThrownBy(() -> Evaluate.evaluate(new String[]{"--transactions", tx, "--labels", labels, "--test",
                "0d"})).hasMessageContaining("--test must be a duration");
        assertThatThrownBy(() -> Evaluate.evaluate(new String[]{"--transactions", tx, "--labels", labels}))
                .hasMessageContaining("less than one fold needs (PT840H)");
        assertThatThrownBy(() -> Evaluate.evaluate(new String[]{"--transactions", tx, "--labels", labels,
                "--budget", "2"})).hasMessageContaining("--budget");
    }
}
