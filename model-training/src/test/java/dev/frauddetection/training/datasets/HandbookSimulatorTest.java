package dev.frauddetection.training.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The handbook's simulator as published: deterministic for a seed, its three scenarios, labels known a delay later. */
class HandbookSimulatorTest {

    @Test
    void writesTheSameHistoryForTheSameSeedWithTheHandbooksScenarios(@TempDir Path dir) throws IOException {
        HandbookSimulatorRun.write(dir.resolve("a"), 300, 600, 40, 7);
        HandbookSimulatorRun.write(dir.resolve("b"), 300, 600, 40, 7);
        assertThat(Files.mismatch(dir.resolve("a/transactions.csv"), dir.resolve("b/transactions.csv"))).isEqualTo(-1);
        assertThat(Files.mismatch(dir.resolve("a/labels.csv"), dir.resolve("b/labels.csv"))).isEqualTo(-1);

        List<String> transactions = Files.readAllLines(dir.resolve("a/transactions.csv"));
        List<String> labels = Files.readAllLines(dir.resolve("a/labels.csv"));
        assertThat(transactions.get(0)).isEqualTo("transaction_id,timestamp,account_id,merchant_id,amount,currency");
        assertThat(labels.get(0)).isEqualTo("transaction_id,is_fraud,known_at,scenario");
        Map<String, Integer> scenarios = new HashMap<>();
        for (int i = 1; i < transactions.size(); i++) {
            String[] tx = transactions.get(i).split(",");
            String[] label = labels.get(i).split(",");
            assertThat(label[0]).isEqualTo(tx[0]);
            // Every outcome is known the delay after its payment.
            assertThat(Duration.between(Instant.parse(tx[1]), Instant.parse(label[2]))).isEqualTo(Duration.ofDays(7));
            // Scenario 1: an amount over 220 is always fraud (scenario 3 can multiply amounts over 220 too).
            if (Double.parseDouble(tx[4]) > 220) {
                assertThat(label[1]).as(transactions.get(i)).isEqualTo("1");
            }
            assertThat(label[1].equals("1")).isEqualTo(!label[3].equals("0"));
            scenarios.merge(label[3], 1, Integer::sum);
        }
        assertThat(scenarios.keySet()).containsExactlyInAnyOrder("0", "1", "2", "3");
        double fraudShare = 1 - scenarios.get("0") / (double) (transactions.size() - 1);
        // Two terminals a day are compromised whatever their number: with 600 instead of 10,000 they weigh more
        // (about 10 % fraud here, 0.7 % at the handbook's size over 56 days).
        assertThat(fraudShare).isBetween(0.05, 0.15);
    }
}
