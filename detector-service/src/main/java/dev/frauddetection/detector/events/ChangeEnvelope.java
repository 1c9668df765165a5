package dev.frauddetection.detector.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The parts of a Debezium change event the detector reads. Debezium adds fields over versions (ts_us, ts_ns,
 * transaction, source.sequence...): they are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
record ChangeEnvelope(String op, PaymentTransaction before, PaymentTransaction after, Source source) {

    /** The commit timestamp, kept as read: {@link ChangeEventDecoder} says what is wrong with it, if anything. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Source(@JsonProperty("ts_ms") JsonNode tsMs) {
    }
}
