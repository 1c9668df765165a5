package dev.frauddetection.dashboard.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One account's risk profile: its payments, the alerts raised on them and what analysts and chargebacks made of
 * them. {@code fraudRate} is confirmed fraud (analyst-confirmed or charged back) per payment; {@code alertRate}
 * alerts per payment; both null when the account has no payments.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record AccountRisk(
        String accountId,
        long transactions,
        long alerts,
        long confirmedFraud,
        long falsePositives,
        long chargebacks,
        Double fraudRate,
        Double alertRate,
        Double maxScore,
        Instant lastAlertAt) {
}
