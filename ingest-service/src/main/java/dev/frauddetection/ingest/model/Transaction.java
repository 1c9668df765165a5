package dev.frauddetection.ingest.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the transactions table: a payment as the bank recorded it. Holds no full card number, ever. Amounts
 * travel as decimal strings so that no client turns money into a binary floating-point number.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Transaction(
        UUID id,
        String accountId,
        String cardFingerprint,
        String cardLast4,
        String bankId,
        String paymentSystem,
        String channel,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        String merchantId,
        String merchantName,
        String merchantCategory,
        String country,
        Double lat,
        Double lon,
        OffsetDateTime createdAt,
        TransactionStatus status) {
}
