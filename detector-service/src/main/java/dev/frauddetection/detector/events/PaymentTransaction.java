package dev.frauddetection.detector.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;


import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of the transactions table as Debezium publishes it (snake_case columns, amount as a decimal string,
 * created_at as an ISO-8601 instant). Columns the detector does not use yet are ignored, so the table can grow.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
// Read and written by Jackson through reflection, which a native image keeps only for registered classes.
@RegisterForReflection
public record PaymentTransaction(
        String id,
        String accountId,
        String cardFingerprint,
        String bankId,
        String channel,
        BigDecimal amount,
        String currency,
        String merchantId,
        String merchantCategory,
        String country,
        Double lat,
        Double lon,
        Instant createdAt,
        String status,
        Instant updatedAt) {

    /** The scoring code's view of this row. */
    public Payment toPayment() {
        return new Payment(id, accountId, cardFingerprint, merchantId, merchantCategory, channel, amount.doubleValue(),
                currency, country, lat == null ? Double.NaN : lat, lon == null ? Double.NaN : lon, createdAt.toEpochMilli());
    }
}
