package dev.frauddetection.dashboard.aggregates;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.dashboard.health.PipelineStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows besides the alert feed, computed on the server and pushed as one SSE event at most once
 * per snapshot interval, whatever the transaction rate. Sums are decimal strings per currency.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record Snapshot(
        Instant at,
        long windowSeconds,
        long shortWindowSeconds,
        long transactionsPerSecond,
        long[] transactionsSeries,
        long[] alertsSeries,
        List<KeyTotals> banks,
        List<KeyTotals> merchants,
        List<Risk> riskyAccounts,
        List<Risk> riskyMerchants,
        Map<String, Long> decisions,
        Latency latency,
        PipelineStatus pipeline,
        Quality quality,
        Streams streams) {

    /** A bank's or merchant's count and sums per currency, over the long and the short window. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record KeyTotals(String id, String name, long count, Map<String, String> sums, long shortCount,
                            Map<String, String> shortSums) {
    }

    /** An account or merchant by alerts raised in the window, with their mean score. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Risk(String id, long alerts, double meanScore) {
    }

    /** Verdict latency (source commit to verdict) over the short window; null without verdicts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Latency(Long p50Ms, Long p99Ms, long samples) {
    }

    /** Detection quality against the simulator's labels; {@code available} false when there are no labels. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Quality(boolean available, long labelledFraud, long alerts, long caught, Double precision,
                          Double recall, Instant from, Instant to) {

        public static Quality none() {
            return new Quality(false, 0, 0, 0, null, null, null, null);
        }
    }

    /** The SSE side: connected clients and events dropped for slow ones since start-up. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Streams(int clients, long dropped) {
    }
}
