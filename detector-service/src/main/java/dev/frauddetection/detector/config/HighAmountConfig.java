package dev.frauddetection.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.util.Map;

/** Limits of the high-amount rule: a payment at or above its currency's limit raises an alert. */
@ConfigMapping(prefix = "fraud.rules.high-amount")
public interface HighAmountConfig {

    /** Limit per ISO 4217 currency code, e.g. {@code fraud.rules.high-amount.limits.EUR=5000}. */
    Map<String, BigDecimal> limits();

    /** Limit for currencies without their own entry. */
    @WithDefault("5000")
    BigDecimal defaultLimit();

    /** A payment this many times above the limit is blocked rather than just alerted. */
    @WithDefault("10")
    BigDecimal blockMultiple();
}
