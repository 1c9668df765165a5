package dev.frauddetection.detector.scoring.rules;

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

    /** Rules in one set: each is evaluated for every payment, so the hot path bounds this. */
    public static final int MAX_RULES = 100;
    public static final int MAX_DESCRIPTION = 1000;

    /** Throws IllegalArgumentException naming the first field that is wrong. */
    public RuleSet validated() {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description has " + description.length() + " characters; at most "
                    + MAX_DESCRIPTION);
        }
        if (!(reviewThreshold > 0 && reviewThreshold <= alertThreshold && alertThreshold <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < review_threshold <= alert_threshold <= 1");
        }
        if (rules == null) {
            throw new IllegalArgumentException("rules is required (an empty list disables every rule)");
        }
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("rules has " + rules.size() + " rules; at most " + MAX_RULES);
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

    /** The same rules under another version and description (the server assigns versions; see RulesResource). */
    public RuleSet as(long newVersion, String newDescription) {
        return new RuleSet(newVersion, newDescription, reviewThreshold, alertThreshold, rules);
    }
}
