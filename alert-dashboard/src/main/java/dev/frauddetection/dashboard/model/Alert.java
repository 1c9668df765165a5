package dev.frauddetection.dashboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A fraud alert as the detector publishes it on fraud-alerts. One alert per transaction: the transaction id
 * identifies it, which is how a redelivered alert is recognised and dropped.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(
        String transactionId,
        String accountId,
        String merchantId,
        BigDecimal amount,
        String currency,
        double score,
        String decision,
        List<String> reasons,
        Instant eventTime,
        Instant decidedAt) {
}
