package dev.frauddetection.dashboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        double score,
        String decision,
        List<String> reasons,
        Instant eventTime,
        Instant decidedAt) {

    /** The score as the page shows it: two decimals, the precision an analyst reads. */
    @JsonIgnore
    public String scoreText() {
        return String.format(java.util.Locale.ROOT, "%.2f", score);
    }
}
