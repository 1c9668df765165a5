package dev.frauddetection.detector.scoring.rules;

import dev.frauddetection.detector.events.Decision;

/** A rule that fired: how risky it makes the payment, what it recommends, and why, in an analyst's words. */
public record RuleHit(String rule, double score, Decision decision, String reason) {
}
