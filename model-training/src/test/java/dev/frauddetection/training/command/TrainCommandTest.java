package dev.frauddetection.training.command;

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
 * {@code train} end to end on small labelled histories as users have them: in the documented format, with zero
 * amounts and broken rows, and in a bank's own column names and time format. What was tried: a negative amount, a
 * word where a number goes, a missing account, an unreadable time, an unknown option, bad shares and kinds.
 */
class TrainCommandTest {

    @Test
    void savesTheChosenModelWithItsHeldOutFiguresAndTheBaselinesBesideThem(@TempDir Path dir) throws IOException {
        Path transactions = dir.resolve("transactions.csv");
        Path labels = dir.resolve("labels.csv");
        writeHistory(transactions, labels, false);
        Path model = dir.resolve("model.json");

        Train.train(new String[]{"--transactions", transactions.toString(), "--labels", labels.toString(),
                "--model", model.toString(), "--version", "test-v1"});

        FraudModel saved = FraudModel.read(model);
        assertThat(saved.version()).isEqualTo("test-v1");
        String other = saved.kind().equals(FraudModel.BOOSTED_TREES) ? "logistic_regression_" : "gradient_boosted_trees_";
        assertThat(saved.evaluation()).containsKeys("average_precision", "auc_roc", "card_precision_at_k",
                "recall_at_budget", other + "average_precision", "xgboost_reference_average_precision", "amount_alone_average_precision", "validation_ap_trees",
                "validation_ap_logistic_regression", "trees", "refitted_on_all");
        // The frauds are the large amounts at new merchants: found on the held-out fifth.
        assertThat(saved.evaluation().get("auc_roc")).isGreaterThan(0.9);
        double shippedOnValidation = saved.kind().equals(FraudModel.BOOSTED_TREES)
                ? saved.evaluation().get("validation_ap_trees") : saved.evaluation().get("validation_ap_logistic_regression");
        assertThat(shippedOnValidation).isGreaterThanOrEqualTo(Math.min(saved.evaluation().get("validation_ap_trees"),
                saved.evaluation().get("validation_ap_logistic_regression")));
    }

    @Test
    void aZeroAmountIsAPaymentAndBadRowsStopTheRunUnlessSkipped(@TempDir Path dir) throws IOException {
        Path transactions = dir.resolve("transactions.csv");
        Path labels = dir.resolve("labels.csv");
        writeHistory(transactions, labels, true);
        Path model = dir.resolve("model.json");
        String[] args = {"--transactions", transactions.toString(), "--labels", labels.toString(), "--model",
                model.toString()};

        assertThatThrownBy(() -> Train.train(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 502, column amount: must be a number of 0 or more, got -3.00")
                .hasMessageContaining("--skip-bad-rows");
        assertThat(model).doesNotExist();

        String[] skipping = java.util.Arrays.copyOf(args, args.length + 1);
        skipping[args.length] = "--skip-bad-rows";
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream console = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Train.train(skipping);
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(output).contains("Skipped 3 bad transaction rows; the first: ")
                .contains("line 502, column amount: must be a number of 0 or more, got -3.00")
                .contains("line 1002, column amount: must be a number, got 'twelve'")
                .contains("line 1502, column account_id: is empty")
                // 4,000 rows, 3 of them bad: the zero-amount card checks are kept.
                .contains("3997 payments");
        assertThat(FraudModel.read(model).evaluation()).containsKey("average_precision");
    }

    @Test
    void readsABanksOwnColumnsAndTimeFormatFromOneFile(@TempDir Path dir) throws IOException {
        Path export = dir.resolve("export.csv");
        Random random = new Random(4);
        StringBuilder csv = new StringBuilder("TX_ID;TX_DATETIME;CUSTOMER_ID;TERMINAL_ID;TX_AMOUNT;TX_FRAUD\n"
                .replace(';', ','));
        java.time.LocalDateTime time = java.time.LocalDateTime.of(2018, 4, 1, 0, 0);
        for (int i = 0; i < 4_000; i++) {
            time = time.plusSeconds(60 + random.nextInt(60));
            boolean fraud = random.nextInt(25) == 0;
            csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.2f,%d%n", i,
                    time.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss")),
                    random.nextInt(200), fraud ? 1000 + i : random.nextInt(20),
                    fraud ? 900 + random.nextDouble() * 2_000 : 5 + random.nextDouble() * 80, fraud ? 1 : 0));
        }
        Files.writeString(export, csv);
        Path model = dir.resolve("model.json");

        Train.train(new String[]{"--transactions", export.toString(), "--labels", export.toString(), "--model",
                model.toString(), "--map", "transaction_id=TX_ID,timestamp=TX_DATETIME,account_id=CUSTOMER_ID,"
                + "merchant_id=TERMINAL_ID,amount=TX_AMOUNT,is_fraud=TX_FRAUD", "--time-format",
                "dd/MM/yyyy HH:mm:ss", "--label-delay-days", "7"});

        assertThat(FraudModel.read(model).evaluation().get("auc_roc")).isGreaterThan(0.9);
        assertThatThrownBy(() -> Train.train(new String[]{"--transactions", export.toString(), "--labels",
                export.toString(), "--model", model.toString(), "--map", "transaction_id=TX_ID,timestamp=TX_DATETIME,"
                + "account_id=CUSTOMER_ID,merchant_id=TERMINAL_ID,amount=TX_AMOUNT,is_fraud=TX_FRAUD"}))
                .hasMessageContaining("line 2, column TX_DATETIME (timestamp): must be ISO-8601")
                .hasMessageContaining("--time-format");
        assertThatThrownBy(() -> Train.train(new String[]{"--transactions", export.toString(), "--labels",
                export.toString(), "--model", model.toString(), "--map", "txid=TX_ID"}))
                .hasMessageContaining("--map: 'txid' is not a column of the history format");
    }

    @Test
    void refusesOptionsItCannotHonour(@TempDir Path dir) throws IOException {
        Path transactions = dir.resolve("transactions.csv");
        Path labels = dir.resolve("labels.csv");
        writeHistory(transactions, labels, false);
        String[] base = {"--transactions", transactions.toString(), "--labels", labels.toString(), "--model",
                dir.resolve("m.json").toString()};
        String[][] bad = {{"--kind", "random-forest"}, {"--holdout", "0.95"}, {"--holdout", "half"},
                {"--validation", "0"}, {"--trees", "64"}, {"--refit", "maybe"}, {"--label-delay-days", "-1"}};
        String[] named = {"--kind", "--holdout", "--holdout", "--validation", "'--trees'", "--refit",
                "--label-delay-days"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(bad[i]))
                    .toArray(String[]::new);
            assertThatThrownBy(() -> Train.train(args)).as(String.join(" ", bad[i]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named[i]);
        }
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    /**
     * 4,000 payments over 200 accounts in time order; one in 25 is a large amount at a new merchant and is fraud, one
     * in 50 is a zero-amount card check; with {@code broken}, rows 500, 1000 and 1500 (file lines 502, 1002, 1502)
     * have a negative amount, a word for an amount and no account.
     */
    private static void writeHistory(Path transactions, Path labels, boolean broken) throws IOException {
        Random random = new Random(12);
        StringBuilder tx = new StringBuilder(
                "transaction_id,timestamp,account_id,merchant_id,amount,currency,country,channel\n");
        StringBuilder lb = new StringBuilder("transaction_id,is_fraud\n");
        long time = 1_790_000_000_000L;
        for (int i = 0; i < 4_000; i++) {
            time += 60_000 + random.nextInt(60_000);
            boolean fraud = random.nextInt(25) == 0;
            double amount = fraud ? 900 + random.nextDouble() * 2_000 : i % 50 == 7 ? 0 : 5 + random.nextDouble() * 80;
            String merchant = fraud ? "m-new-" + i : "m-" + random.nextInt(20);
            String account = "a" + random.nextInt(200);
            String amountText = String.format(Locale.ROOT, "%.2f", amount);
            if (broken && i == 500) {
                amountText = "-3.00";
            } else if (broken && i == 1000) {
                amountText = "twelve";
            } else if (broken && i == 1500) {
                account = "";
            }
            tx.append(String.format(Locale.ROOT, "t%d,%d,%s,%s,%s,EUR,DE,ONLINE%n", i, time, account, merchant,
                    amountText));
            lb.append("t").append(i).append(',').append(fraud).append('\n');
        }
        Files.writeString(transactions, tx);
        Files.writeString(labels, lb);
    }
}
