package dev.frauddetection.detector.rules;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A versioned set of rules and the model's decision thresholds: everything about how the detector decides that can
 * change at runtime without a restart. Each verdict names the version it was decided with.
 *
 * @param version          increases with every change; a set with a version not above the active one is ignored
 * @param description      what changed, for the people reading the history of the fraud-rules topic
 * @param reviewThreshold  model score from which a payment is sent for review
 * @param alertThreshold   model score from which a payment raises an alert
 * @param rules            the rules, evaluated in order; every one that fires is reported
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuleSet(long version, String description, double reviewThreshold, double alertThreshold,
                      List<FraudRule> rules) {

    /** Throws IllegalArgumentException naming the first field that is wrong. */
    public RuleSet validated() {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        if (!(reviewThreshold > 0 && reviewThreshold <= alertThreshold && alertThreshold <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < review_threshold <= alert_threshold <= 1");
        }
        if (rules == null) {
            throw new IllegalArgumentException("rules is required (an empty list disables every rule)");
        }
        Set<String> ids = new HashSet<>();
        for (FraudRule rule : rules) {
            if (rule == null) {
                throw new IllegalArgumentException("rules must not contain null");
            }
            rule.validate();
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("rule id " + rule.id() + " is used twice");
            }
        }
        return this;
    }
}
