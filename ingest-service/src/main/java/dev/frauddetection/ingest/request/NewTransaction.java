package dev.frauddetection.ingest.request;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.model.TransactionStatus;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * A payment as a client submits it. A client that sets {@code id} (or sends an Idempotency-Key) can retry without
 * creating a second row. A full card number is never accepted: only a fingerprint and the last 4 digits, and no free
 * text or identifier may hold one, whatever separates its digits ({@link NoCardNumber}). The fingerprint is a token
 * vault's opaque hash: refused when it is a card number as a whole ({@link ConsistentPayment}), not for a run of
 * digits inside it, which about one hex hash in 1,400 has and one in ten of those passes Luhn.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@ConsistentPayment
public record NewTransaction(
        @Schema(description = "Client-chosen id; makes retries safe") UUID id,
        @NotBlank @Size(max = 64) @NoCardNumber @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String accountId,
        @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9_:.-]+", message = "must be a token, not a card number")
        String cardFingerprint,
        @Pattern(regexp = "\\d{4}", message = "must be exactly the last 4 digits") String cardLast4,
        @NotBlank @Size(max = 64) @NoCardNumber @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String bankId,
        @NotBlank @Size(max = 32) @Pattern(regexp = "[A-Z_]+", message = "must be an upper-case scheme name such as VISA")
        String paymentSystem,
        @NotBlank @Size(max = 32) @Pattern(regexp = "[A-Z_]+", message = "must be an upper-case channel such as ONLINE")
        String channel,
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = "10000000", message = "must not exceed 10,000,000")
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, example = "42.50")
        BigDecimal amount,
        @NotNull @IsoCurrency String currency,
        @NotBlank @Size(max = 64) @NoCardNumber @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String merchantId,
        @Size(max = 200) @NoCardNumber @Pattern(regexp = PRINTABLE, message = PRINTABLE_RULE) String merchantName,
        @Pattern(regexp = "\\d{4}", message = "must be a 4-digit merchant category code") String merchantCategory,
        @IsoCountry String country,
        @DecimalMin("-90") @DecimalMax("90") Double lat,
        @DecimalMin("-180") @DecimalMax("180") Double lon,
        @Schema(description = "Event time; defaults to when the request was received") OffsetDateTime createdAt) {

    /**
     * Account, bank and merchant ids are tokens: letters and digits, then also _ . : @ -, at most 64 characters. No
     * spaces, no control or look-alike characters: they key Kafka records, name rows on the dashboard and go into logs.
     */
    public static final String IDENTIFIER = "[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}";
    /**
     * Free text is printable: no control characters (PostgreSQL refuses NUL, a 500 before) and no half of a UTF-16
     * surrogate pair (stored as "?", so not what was sent). Found by RestApiFuzzTest once it checked accepted values.
     */
    static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}]*";
    static final String PRINTABLE_RULE = "must be printable text: no control characters or broken Unicode";
    static final String IDENTIFIER_RULE = "must be an identifier: a letter or digit, then letters, digits or _ . : @ - "
            + "(at most 64)";

    public Transaction toTransaction(UUID generatedId, OffsetDateTime receivedAt) {
        return new Transaction(id != null ? id : generatedId, accountId, cardFingerprint, cardLast4, bankId,
                paymentSystem, channel, amount, currency, merchantId, merchantName, merchantCategory, country, lat, lon,
                createdAt != null ? createdAt : receivedAt, TransactionStatus.AUTHORIZED);
    }

    /** True if a stored row is this same payment, so a retry with the same id is a replay, not a conflict. */
    public boolean describes(Transaction stored) {
        return Objects.equals(accountId, stored.accountId())
                && amount.compareTo(stored.amount()) == 0
                && Objects.equals(currency, stored.currency())
                && Objects.equals(merchantId, stored.merchantId())
                && Objects.equals(bankId, stored.bankId())
                && Objects.equals(channel, stored.channel())
                && Objects.equals(paymentSystem, stored.paymentSystem())
                && (createdAt == null || createdAt.toInstant().equals(stored.createdAt().toInstant()));
    }
}
