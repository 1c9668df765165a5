package dev.frauddetection.dashboard.health;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * The pipeline's health as last read: each Debezium connector's state and its tasks' states from Kafka Connect, and
 * the detector consumer group's lag (records not yet read) on its input topic. A part that could not be read says
 * why instead of showing a stale figure.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record PipelineStatus(List<Connector> connectors, String connectError, Long detectorLag, String lagError,
                             Instant checkedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Connector(String name, String state, List<String> tasks) {
    }

    public static PipelineStatus unknown() {
        return new PipelineStatus(List.of(), "not read yet", null, "not read yet", null);
    }
}
