package dev.frauddetection.dashboard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * A fraud alert as the detector publishes it on fraud-alerts. One alert per transaction: the transaction id
 * identifies it, which is how a redelivered alert is recognised and dropped. The amount stays the decimal string
 * the detector sent ("9800.00"): the dashboard shows money, it never computes with it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
// Read and written by Jackson through reflection, which a native image keeps only for registered classes.
@RegisterForReflection
public record Alert(
        String transactionId,
        String accountId,
        String merchantId,
        String amount,
        String currency,
        double score,
        String decision,
        List<String> reasons,
        Instant eventTime,
        Instant decidedAt) {

    /** The alert with any card number in its reasons cut down to the last 4 digits. */
    public Alert scrubbed() {
        List<String> clean = reasons == null ? List.of() : reasons.stream().map(CardNumbers::scrub).toList();
        return new Alert(transactionId, accountId, merchantId, amount, currency, score, decision, clean, eventTime,
                decidedAt);
    }

    /** The score as the page shows it: two decimals, the precision an analyst reads. */
    @JsonIgnore
    public String scoreText() {
        return String.format(java.util.Locale.ROOT, "%.2f", score);
    }
}
