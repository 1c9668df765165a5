package dev.frauddetection.dashboard.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * A stored alert as the history API returns it: the detector's fraud_alert row, the card as its last 4 digits only
 * (from the transaction, when it had a card), and the analyst's triage if there is one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record AlertRecord(
        String transactionId,
        String accountId,
        String merchantId,
        String card,
        String amount,
        String currency,
        double score,
        String decision,
        List<String> rules,
        List<String> reasons,
        String modelVersion,
        Instant eventTime,
        Instant decidedAt,
        TriageOutcome triage,
        String triagedBy,
        Instant triagedAt) {
}
