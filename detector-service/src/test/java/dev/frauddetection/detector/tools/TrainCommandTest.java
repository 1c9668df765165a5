package dev.frauddetection.detector.tools;

import dev.frauddetection.detector.scoring.FraudModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code train} end to end on a small labelled history in the documented CSV formats: it saves the kind asked for
 * (boosted trees by default) with its held-out figures and those of the other kind fitted on the same rows; bad
 * values are refused with the option's name, and nothing is written then.
 */
class TrainCommandTest {

    @Test
    void savesBoostedTreesWithTheRegressionsHeldOutFiguresBesideThem(@TempDir Path dir) throws IOException {
        Path transactions = dir.resolve("transactions.csv");
        Path labels = dir.resolve("labels.csv");
        writeHistory(transactions, labels);
        Path model = dir.resolve("model.json");

        Train.train(new String[]{"--transactions", transactions.toString(), "--labels", labels.toString(),
                "--model", model.toString(), "--version", "gbt-test", "--trees", "30"});

        FraudModel saved = FraudModel.read(model);
        assertThat(saved.version()).isEqualTo("gbt-test");
        assertThat(saved.kind()).isEqualTo(FraudModel.BOOSTED_TREES);
        // 30 complete trees of depth 7 (255 nodes each).
        assertThat(saved.trees().feature()).hasSize(30 * 255);
        assertThat(saved.trees().depth()).isEqualTo(7);
        assertThat(saved.evaluation()).containsKeys("auc_roc", "average_precision", "precision_at_0.8",
                "logistic_regression_auc_roc", "logistic_regression_average_precision",
                "logistic_regression_precision_at_0.8", "logistic_regression_recall_at_0.8");
        // Frauds here are the large amounts: both models find them on the held-out quarter.
        assertThat(saved.evaluation().get("auc_roc")).isGreaterThan(0.9);
        assertThat(saved.evaluation().get("logistic_regression_auc_roc")).isGreaterThan(0.9);
    }

    @Test
    void savesTheRegressionWhenAskedWithTheTreesFiguresBesideIt(@TempDir Path dir) throws IOException {
        Path transactions = dir.resolve("transactions.csv");
        Path labels = dir.resolve("labels.csv");
        writeHistory(transactions, labels);
        Path model = dir.resolve("model.json");

        Train.train(new String[]{"--transactions", transactions.toString(), "--labels", labels.toString(),
                "--model", model.toString(), "--kind", "logistic-regression", "--trees", "10"});

        FraudModel saved = FraudModel.read(model);
        assertThat(saved.kind()).isEqualTo(FraudModel.LOGISTIC_REGRESSION);
        assertThat(saved.trees()).isNull();
        assertThat(saved.evaluation()).containsKeys("auc_roc", "gradient_boosted_trees_auc_roc");
    }

    @Test
    void refusesTreeCountsAndKindsItCannotFit(@TempDir Path dir) throws IOException {
        Path transactions = dir.resolve("transactions.csv");
        Path labels = dir.resolve("labels.csv");
        writeHistory(transactions, labels);
        for (String bad : new String[]{"0", "-5", "abc", "10001", "2.5", ""}) {
            assertThatThrownBy(() -> Train.train(new String[]{"--transactions", transactions.toString(),
                    "--labels", labels.toString(), "--model", dir.resolve("m.json").toString(), "--trees", bad}))
                    .as("--trees %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--trees");
        }
        assertThatThrownBy(() -> Train.train(new String[]{"--transactions", transactions.toString(),
                "--labels", labels.toString(), "--model", dir.resolve("m.json").toString(), "--kind", "random-forest"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kind").hasMessageContaining("random-forest");
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    /** 4,000 payments over 200 accounts in time order; one in 25 is a large amount at a new merchant and is fraud. */
    private static void writeHistory(Path transactions, Path labels) throws IOException {
        Random random = new Random(12);
        StringBuilder tx = new StringBuilder(
                "transaction_id,timestamp,account_id,merchant_id,amount,currency,country,channel\n");
        StringBuilder lb = new StringBuilder("transaction_id,is_fraud\n");
        long time = 1_790_000_000_000L;
        for (int i = 0; i < 4_000; i++) {
            time += 60_000 + random.nextInt(60_000);
            boolean fraud = random.nextInt(25) == 0;
            double amount = fraud ? 900 + random.nextDouble() * 2_000 : 5 + random.nextDouble() * 80;
            String merchant = fraud ? "m-new-" + i : "m-" + random.nextInt(20);
            tx.append(String.format(Locale.ROOT, "t%d,%d,a%d,%s,%.2f,EUR,DE,ONLINE%n", i, time, random.nextInt(200),
                    merchant, amount));
            lb.append("t").append(i).append(',').append(fraud).append('\n');
        }
        Files.writeString(transactions, tx);
        Files.writeString(labels, lb);
    }
}
