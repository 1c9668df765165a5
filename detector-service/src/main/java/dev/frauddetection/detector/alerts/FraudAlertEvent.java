package dev.frauddetection.detector.alerts;

import io.debezium.outbox.quarkus.ExportedEvent;

import java.time.Instant;

/**
 * An alert as the outbox carries it: keyed by account (the fraud-alerts topic's key, through the EventRouter's
 * aggregateid), with the verdict's JSON as payload, which is what the dashboard and any other consumer read.
 */
public record FraudAlertEvent(String accountId, String verdictJson, Instant decidedAt) implements ExportedEvent<String, String> {

    @Override
    public String getAggregateId() {
        return accountId;
    }

    @Override
    public String getAggregateType() {
        return "account";
    }

    @Override
    public String getType() {
        return "FraudAlert";
    }

    @Override
    public Instant getTimestamp() {
        return decidedAt;
    }

    @Override
    public String getPayload() {
        return verdictJson;
    }
}
