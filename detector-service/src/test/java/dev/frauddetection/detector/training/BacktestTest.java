package dev.frauddetection.detector.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backtest command with a deployment's account budget (issue 23: what the memory limit costs in frauds). */
class BacktestTest {

    @TempDir
    Path dir;

    @Test
    void anAccountBudgetEvictsLeastRecentlyActiveHistoriesAndSaysHowMany() throws IOException {
        Path transactions = history(5_000, 20_000);
        String unlimited = backtest("--transactions", transactions.toString(), "--out", dir.resolve("a.csv").toString());
        String budgeted = backtest("--transactions", transactions.toString(), "--out", dir.resolve("b.csv").toString(),
                "--max-accounts", "1000");

        assertThat(unlimited).contains("Scored 20000 payments").doesNotContain("account budget");
        assertThat(budgeted).contains("Scored 20000 payments").containsPattern("account budget 1,000: [1-9][\\d,]* histories evicted");
        // Every payment is still judged; only the windows of evicted accounts restart, so some scores differ.
        assertThat(Files.readAllLines(dir.resolve("b.csv"))).hasSize(20_001).isNotEqualTo(Files.readAllLines(dir.resolve("a.csv")));
    }

    @Test
    void aBudgetThatIsNotAPositiveWholeNumberIsRefusedByName() throws IOException {
        Path transactions = history(10, 10);
        for (String bad : List.of("0", "-5", "lots", "1.5")) {
            assertThatThrownBy(() -> Backtest.backtest(new String[]{"--transactions", transactions.toString(), "--out",
                    dir.resolve("c.csv").toString(), "--max-accounts", bad}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--max-accounts must be a whole number of at least 1, not '" + bad + "'");
        }
    }

    /** Payments a minute apart over {@code accounts} accounts in turn, so each pays every {@code accounts} minutes. */
    private Path history(int accounts, int payments) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("transaction_id,timestamp,account_id,merchant_id,amount,currency,country,lat,lon,merchant_category,"
                + "channel,card_fingerprint");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < payments; i++) {
            lines.add("tx-" + i + "," + start.plusSeconds(60L * i) + ",acc-" + (i % accounts) + ",m-" + (i % 37) + ","
                    + (10 + i % 400) + ".00,EUR,DE,,,5411,ONLINE,fp-" + (i % accounts));
        }
        return Files.write(dir.resolve("transactions-" + accounts + ".csv"), lines);
    }

    private static String backtest(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Backtest.backtest(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
