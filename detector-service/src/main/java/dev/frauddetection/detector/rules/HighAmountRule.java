package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.config.HighAmountConfig;
import dev.frauddetection.detector.model.Decision;
import dev.frauddetection.detector.model.PaymentTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Fires when a payment reaches its currency's limit. The score grows with how far the limit is exceeded, from 0.75 at
 * the limit towards 0.99, and a payment at {@code blockMultiple} times the limit or more is blocked.
 */
@ApplicationScoped
public class HighAmountRule implements FraudRule {

    static final String NAME = "high-amount";

    private final HighAmountConfig config;

    public HighAmountRule(HighAmountConfig config) {
        this.config = config;
    }

    @Override
    public Optional<RuleHit> evaluate(PaymentTransaction payment) {
        BigDecimal limit = config.limits().getOrDefault(payment.currency(), config.defaultLimit());
        if (payment.amount().compareTo(limit) < 0) {
            return Optional.empty();
        }
        double multiple = payment.amount().divide(limit, 4, RoundingMode.HALF_UP).doubleValue();
        double score = Math.min(0.99, 0.75 + 0.24 * (multiple - 1) / (config.blockMultiple().doubleValue() - 1));
        Decision decision = multiple >= config.blockMultiple().doubleValue() ? Decision.BLOCK : Decision.ALERT;
        String reason = String.format("amount %s %s is at or above the %s %s limit",
                payment.amount().toPlainString(), payment.currency(), limit.toPlainString(), payment.currency());
        return Optional.of(new RuleHit(NAME, score, decision, reason));
    }
}
