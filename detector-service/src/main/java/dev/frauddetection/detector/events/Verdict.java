package dev.frauddetection.detector.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The detector's judgement of one payment: a risk score in [0, 1], a decision, and the reasons behind it. Published
 * for every payment (to transactions.legit or transactions.fraud) and, when it raises an alert, to fraud-alerts.
 * {@code rules} lists the ids of the rules that fired, {@code reasons} explains them and the model's top features.
 * The transaction id identifies the alert, so consumers can drop a redelivered one. Amounts travel as decimal
 * strings ("61000.00"), as Debezium sends them, so no consumer turns money into a binary floating-point number.
 * {@code challenger} is what a challenger model would have decided, when one is set: recorded, never acted on.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
// Read and written by Jackson through reflection, which a native image keeps only for registered classes.
@RegisterForReflection
public record Verdict(
        String transactionId,
        String accountId,
        String merchantId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        double score,
        Decision decision,
        List<String> rules,
        List<String> reasons,
        double modelScore,
        String modelVersion,
        long ruleSetVersion,
        Instant eventTime,
        Instant committedAt,
        Instant decidedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Challenger challenger) {

    /** A challenger model's opinion of the same payment (with the same rule hits); null fields never occur. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record Challenger(String modelVersion, double modelScore, Decision decision) {
    }
}
