package dev.frauddetection.detector.scoring.rules;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.frauddetection.detector.events.Decision;

import java.util.Optional;

/**
 * One rule of a rule set, as data: its kind ({@code type}), thresholds and windows, the decision it recommends when it
 * fires ({@code action}) and how much risk that means ({@code score}). Rule sets are JSON, versioned, and replaced at
 * runtime through the fraud-rules topic.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Rules.HighAmount.class, name = "HIGH_AMOUNT"),
        @JsonSubTypes.Type(value = Rules.Velocity.class, name = "VELOCITY"),
        @JsonSubTypes.Type(value = Rules.ImpossibleTravel.class, name = "IMPOSSIBLE_TRAVEL"),
        @JsonSubTypes.Type(value = Rules.CardTesting.class, name = "CARD_TESTING"),
        @JsonSubTypes.Type(value = Rules.Blacklist.class, name = "BLACKLIST"),
        @JsonSubTypes.Type(value = Rules.NewCountryLargeAmount.class, name = "NEW_COUNTRY_LARGE_AMOUNT"),
        @JsonSubTypes.Type(value = Rules.NewMerchantLargeAmount.class, name = "NEW_MERCHANT_LARGE_AMOUNT"),
        @JsonSubTypes.Type(value = Rules.RiskyMerchant.class, name = "RISKY_MERCHANT")})
public sealed interface FraudRule permits Rules.HighAmount, Rules.Velocity, Rules.ImpossibleTravel, Rules.CardTesting,
        Rules.Blacklist, Rules.NewCountryLargeAmount, Rules.NewMerchantLargeAmount, Rules.RiskyMerchant {

    /** Unique within a rule set; named in every alert this rule raises. */
    String id();

    Decision action();

    double score();

    Optional<RuleHit> evaluate(RuleContext context);

    /** Throws IllegalArgumentException naming the field of this rule that is out of range. */
    void validate();
}
