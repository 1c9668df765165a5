package dev.frauddetection.dashboard.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.aggregates.LiveAggregates;
import dev.frauddetection.dashboard.aggregates.LiveAggregatesTestConfig;
import dev.frauddetection.dashboard.aggregates.Snapshot;
import dev.frauddetection.dashboard.health.PipelineStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At 10,000 payments/s the dashboard reads 20,000 messages a second: a change event and a verdict per payment. This
 * measures parsing and aggregating both, as the Kafka consumers run them, on one thread, and checks the result.
 */
class AggregationThroughputTest {

    private static final String CHANGE = """
            {"before":null,"after":{"id":"%s","account_id":"acc-%d","card_fingerprint":"fp-1","card_last4":"4242",\
            "bank_id":"bank-%s","payment_system":"VISA","channel":"ONLINE","amount":"%d.25","currency":"EUR",\
            "merchant_id":"m-%d","merchant_name":"Merchant %d","merchant_category":"5411","country":"DE",\
            "lat":52.52,"lon":13.4,"created_at":"2026-11-22T10:00:00.000000Z","status":"AUTHORIZED",\
            "updated_at":"2026-11-22T10:00:00.000000Z"},"source":{"version":"3.7.0.Final","connector":"postgresql",\
            "name":"payments","ts_ms":1795000000000,"snapshot":"false","db":"payments","schema":"public",\
            "table":"transactions","txId":1234,"lsn":5678},"op":"c","ts_ms":1795000000050}""";
    private static final String VERDICT = """
            {"transaction_id":"%s","account_id":"acc-%d","merchant_id":"m-%d","amount":"12.25","currency":"EUR",\
            "score":%s,"decision":"%s","rules":[],"reasons":["model: amount_vs_account_mean 0.41"],"model_score":0.1,\
            "model_version":"gbt-2026-11","rule_set_version":3,"event_time":"2026-11-22T10:00:00Z",\
            "committed_at":"2026-11-22T10:00:00.100Z","decided_at":"2026-11-22T10:00:00.%03dZ"}""";

    @Test
    void parsesAndAggregatesWellAboveTwentyThousandMessagesPerSecond() {
        LiveAggregates aggregates = new LiveAggregates(LiveAggregatesTestConfig.config(), System::currentTimeMillis);
        TransactionChangeListener changes = new TransactionChangeListener(aggregates, new ObjectMapper());
        VerdictListener verdicts = new VerdictListener(aggregates);
        int payments = 100_000;
        String[] changeEvents = new String[payments];
        String[] verdictEvents = new String[payments];
        for (int i = 0; i < payments; i++) {
            String id = "00000000-0000-0000-0000-" + String.format("%012d", i);
            changeEvents[i] = CHANGE.formatted(id, i % 5000, i % 2 == 0 ? "a" : "b", i % 100, i % 700, i % 700);
            boolean alert = i % 200 == 0;
            verdictEvents[i] = VERDICT.formatted(id, i % 5000, i % 700, alert ? "0.93" : "0.02",
                    alert ? "ALERT" : "ALLOW", 100 + i % 400);
        }
        for (int i = 0; i < 20_000; i++) {
            changes.onChange(changeEvents[i]);
            verdicts.onVerdict(verdictEvents[i]);
        }

        long started = System.nanoTime();
        for (int i = 0; i < payments; i++) {
            changes.onChange(changeEvents[i]);
            verdicts.onVerdict(verdictEvents[i]);
        }
        double seconds = Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e9;
        double messagesPerSecond = 2 * payments / seconds;
        System.out.printf("Dashboard aggregation: %,.0f messages/s on one thread (%,d change events + %,d verdicts in %.2f s)%n",
                messagesPerSecond, payments, payments, seconds);

        Snapshot s = aggregates.snapshot(PipelineStatus.unknown(), Snapshot.Quality.none(), new Snapshot.Streams(0, 0));
        assertThat(s.banks()).extracting(Snapshot.KeyTotals::id).containsExactlyInAnyOrder("bank-a", "bank-b");
        assertThat(s.banks().stream().mapToLong(Snapshot.KeyTotals::count).sum()).isEqualTo(120_000);
        assertThat(s.latency().p50Ms()).isBetween(195L, 225L);
        assertThat(s.decisions()).containsEntry("ALERT", 600L);
        assertThat(messagesPerSecond).as("messages/s").isGreaterThan(20_000);
    }
}
