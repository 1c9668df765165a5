package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.config.HighAmountConfig;
import dev.frauddetection.detector.model.Decision;
import dev.frauddetection.detector.model.PaymentTransaction;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HighAmountRuleTest {

    private final HighAmountRule rule = new HighAmountRule(new HighAmountConfig() {
        @Override
        public Map<String, BigDecimal> limits() {
            return Map.of("EUR", new BigDecimal("5000"), "JPY", new BigDecimal("750000"));
        }

        @Override
        public BigDecimal defaultLimit() {
            return new BigDecimal("4000");
        }

        @Override
        public BigDecimal blockMultiple() {
            return BigDecimal.TEN;
        }
    });

    @Test
    void staysQuietJustBelowTheLimit() {
        assertThat(rule.evaluate(payment("4999.99", "EUR"))).isEmpty();
    }

    @Test
    void alertsAtExactlyTheLimit() {
        RuleHit hit = rule.evaluate(payment("5000.00", "EUR")).orElseThrow();

        assertThat(hit.decision()).isEqualTo(Decision.ALERT);
        assertThat(hit.score()).isEqualTo(0.75);
        assertThat(hit.reason()).isEqualTo("amount 5000.00 EUR is at or above the 5000 EUR limit");
    }

    @Test
    void scoresHigherTheFurtherAboveTheLimit() {
        double twice = rule.evaluate(payment("10000", "EUR")).orElseThrow().score();
        double fivefold = rule.evaluate(payment("25000", "EUR")).orElseThrow().score();

        assertThat(twice).isGreaterThan(0.75).isLessThan(fivefold);
        assertThat(fivefold).isLessThan(0.99);
    }

    @Test
    void blocksAtTheBlockMultipleAndCapsTheScore() {
        RuleHit hit = rule.evaluate(payment("50000", "EUR")).orElseThrow();
        RuleHit absurd = rule.evaluate(payment("900000000", "EUR")).orElseThrow();

        assertThat(hit.decision()).isEqualTo(Decision.BLOCK);
        assertThat(hit.score()).isEqualTo(0.99);
        assertThat(absurd.score()).isEqualTo(0.99);
    }

    @Test
    void usesEachCurrencysOwnLimit() {
        assertThat(rule.evaluate(payment("100000", "JPY"))).isEmpty();
        assertThat(rule.evaluate(payment("750000", "JPY"))).isPresent();
    }

    @Test
    void fallsBackToTheDefaultLimitForOtherCurrencies() {
        assertThat(rule.evaluate(payment("3999", "SEK"))).isEmpty();
        assertThat(rule.evaluate(payment("4000", "SEK"))).map(RuleHit::decision).contains(Decision.ALERT);
    }

    static PaymentTransaction payment(String amount, String currency) {
        return new PaymentTransaction("tx-1", "acc-1", "bank-a", "ONLINE", new BigDecimal(amount), currency, "m-1",
                "5732", "DE", 52.5, 13.4, Instant.parse("2026-11-22T10:00:00Z"), "AUTHORIZED");
    }
}
