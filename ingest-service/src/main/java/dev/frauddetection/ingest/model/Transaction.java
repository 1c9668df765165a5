package dev.frauddetection.ingest.model;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of the transactions table: a payment as the bank recorded it. Holds no full card number, ever. */
public record Transaction(
        UUID id,
        String accountId,
        String cardFingerprint,
        String cardLast4,
        String bankId,
        String paymentSystem,
        String channel,
        BigDecimal amount,
        String currency,
        String merchantId,
        String merchantName,
        String merchantCategory,
        String country,
        Double lat,
        Double lon,
        OffsetDateTime createdAt,
        String status) {
}
