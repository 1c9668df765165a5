package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.model.Transaction;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A payment as a client submits it. The id is optional: a client that sets it can retry without duplicates. */
public record NewTransaction(
        UUID id,
        @NotBlank @Size(max = 64) String accountId,
        @Size(max = 128) String cardFingerprint,
        @Pattern(regexp = "\\d{4}", message = "must be exactly the last 4 digits") String cardLast4,
        @NotBlank @Size(max = 64) String bankId,
        @NotBlank @Size(max = 32) String paymentSystem,
        @NotBlank @Size(max = 32) String channel,
        @NotNull @DecimalMin(value = "0.01") @DecimalMax("1000000000") @Digits(integer = 16, fraction = 2) BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
        @NotBlank @Size(max = 64) String merchantId,
        @Size(max = 200) String merchantName,
        @Pattern(regexp = "\\d{4}", message = "must be a 4-digit MCC") String merchantCategory,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 alpha-2 code") String country,
        @DecimalMin("-90") @DecimalMax("90") Double lat,
        @DecimalMin("-180") @DecimalMax("180") Double lon,
        OffsetDateTime createdAt) {

    Transaction toTransaction(OffsetDateTime receivedAt) {
        return new Transaction(id == null ? UUID.randomUUID() : id, accountId, cardFingerprint, cardLast4, bankId,
                paymentSystem, channel, amount, currency, merchantId, merchantName, merchantCategory, country, lat, lon,
                createdAt == null ? receivedAt : createdAt, "AUTHORIZED");
    }
}
