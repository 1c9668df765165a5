package dev.frauddetection.dashboard.health;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * The pipeline's health as last read: each Debezium connector's state and its tasks' states from Kafka Connect, the
 * detector consumer group's lag (records not yet read) on its input topic, and what the running detectors hold (their
 * state reports). A part that could not be read says why instead of showing a stale figure.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record PipelineStatus(List<Connector> connectors, String connectError, Long detectorLag, String lagError,
                             DetectorMemory detectorMemory, String detectorMemoryError, Instant checkedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Connector(String name, String state, List<String> tasks) {
    }

    /**
     * The running detectors' histories, summed over the instances that reported in the last minute: accounts held
     * against their budgets, and histories evicted for a budget since each started, with how long before the newest
     * payment the most recently active of them had paid (the shortest over the instances: the worst); the same for
     * merchants (each instance holds the merchants its accounts paid, so their sum counts a merchant once per instance).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record DetectorMemory(int instances, long accounts, long accountBudget, long evictedForBudget,
                                 Double lastEvictedIdleHours, long merchants, long merchantBudget,
                                 long merchantsEvictedForBudget, Instant since) {
    }

    public static PipelineStatus unknown() {
        return new PipelineStatus(List.of(), "not read yet", null, "not read yet", null, "not read yet", null);
    }
}
