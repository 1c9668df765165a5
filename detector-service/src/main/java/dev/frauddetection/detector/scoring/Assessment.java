package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.scoring.rules.ReasonFormat;
import dev.frauddetection.detector.scoring.rules.RuleHit;

import java.util.List;

/**
 * The detector's judgement of one payment before it is published: the combined risk score, the decision, the rules
 * that fired, the model's own score and the features that drove it, and the versions that produced them.
 */
public record Assessment(double score, Decision decision, List<RuleHit> hits, double modelScore,
                         List<String> topFeatures, long ruleSetVersion, String modelVersion, Challenger challenger) {

    /** What the challenger model would have decided (its score, with the same rule hits); recorded, never acted on. */
    public record Challenger(String modelVersion, double modelScore, Decision decision) {
    }

    /** Rule reasons first ("rule: why"), then the model's view, in the words an analyst reads. */
    public List<String> reasons() {
        List<String> reasons = new java.util.ArrayList<>();
        hits.forEach(hit -> reasons.add(hit.rule() + ": " + hit.reason()));
        if (!topFeatures.isEmpty()) {
            reasons.add("model " + modelVersion + ": " + ReasonFormat.fixed(modelScore, 2) + ", driven by "
                    + String.join(", ", topFeatures));
        }
        return reasons;
    }
}
