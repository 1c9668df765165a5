package dev.frauddetection.detector.scoring.rules;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.state.AccountHistory;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.frauddetection.detector.scoring.rules.ReasonFormat.fixed;

/**
 * The kinds of rule a rule set can hold. Amounts in euros are compared after conversion at the detector's reference
 * rates; the high-amount rule compares in the payment's own currency.
 */
public final class Rules {

    private Rules() {
    }

    /**
     * Fires at or above a limit: the payment's own currency's if the rule set names one, otherwise
     * {@code default_limit_eur} against the amount in euros (a fixed amount in every currency would make 5,000 naira
     * as suspicious as 5,000 euros). Blocks at {@code block_multiple} times the limit.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HighAmount(String id, Decision action, double score, Map<String, Double> limits,
                             double defaultLimitEur, double blockMultiple) implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            Payment p = context.payment();
            Double own = limits == null ? null : limits.get(p.currency());
            double multiple = own != null ? p.amount() / own : p.amountInEuros() / defaultLimitEur;
            if (multiple < 1) {
                return Optional.empty();
            }
            boolean block = multiple >= blockMultiple;
            double risk = Math.min(0.99, score + (0.99 - score) * (multiple - 1) / (blockMultiple - 1));
            String reason = own != null
                    ? "amount " + fixed(p.amount(), 2) + " " + p.currency() + " is at or above the " + fixed(own, 0)
                    + " " + p.currency() + " limit"
                    : "amount " + fixed(p.amount(), 2) + " " + p.currency() + " (" + fixed(p.amountInEuros(), 2)
                    + " EUR) is at or above the " + fixed(defaultLimitEur, 0) + " EUR limit";
            return Optional.of(new RuleHit(id, risk, block ? Decision.BLOCK : action, reason));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.positive(id, "default_limit_eur", defaultLimitEur);
            Checks.require(blockMultiple > 1, id, "block_multiple", "must be greater than 1");
            if (limits != null) {
                Checks.require(limits.size() <= Checks.MAX_CURRENCIES, id, "limits",
                        "has " + limits.size() + " currencies; at most " + Checks.MAX_CURRENCIES);
                limits.forEach((currency, limit) -> {
                    Checks.require(limit != null, id, "limits." + currency, "must be a number, not null");
                    Checks.positive(id, "limits." + currency, limit);
                });
            }
        }
    }

    /** Fires when the account made {@code max_count} or more payments in the window before this one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Velocity(String id, Decision action, double score, Duration window, int maxCount) implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            int before = context.account().count(context.payment().time(), window.toMillis());
            if (before + 1 <= maxCount) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, action,
                    (before + 1) + " payments within " + Checks.human(window) + " (more than " + maxCount + ")"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.window(id, window);
            Checks.require(maxCount >= 1, id, "max_count", "must be at least 1");
        }
    }

    /** Fires when getting from the last located payment to this one needs more than {@code max_speed_kmh}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImpossibleTravel(String id, Decision action, double score, double maxSpeedKmh, double minDistanceKm)
            implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            AccountHistory.Travel travel = context.account().travelTo(context.payment());
            if (travel == null || travel.km() < minDistanceKm || travel.speedKmh() <= maxSpeedKmh) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, action, fixed(travel.km(), 0) + " km from the previous payment in "
                    + fixed(travel.hours() * 60, 0) + " minutes (" + fixed(travel.speedKmh(), 0) + " km/h)"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.positive(id, "max_speed_kmh", maxSpeedKmh);
            Checks.require(minDistanceKm >= 0, id, "min_distance_km", "must not be negative");
        }
    }

    /** Fires on a large payment after {@code min_probes} tiny ones within the window: a stolen card being tried out. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CardTesting(String id, Decision action, double score, Duration window, double tinyAmountEur,
                              int minProbes, double largeAmountEur) implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            Payment p = context.payment();
            if (p.amountInEuros() < largeAmountEur) {
                return Optional.empty();
            }
            int probes = context.account().countBelow(p.time(), window.toMillis(), tinyAmountEur);
            if (probes < minProbes) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, action, probes + " payments under " + fixed(tinyAmountEur, 2)
                    + " EUR within " + Checks.human(window) + " before this " + fixed(p.amountInEuros(), 2) + " EUR one"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.window(id, window);
            Checks.positive(id, "tiny_amount_eur", tinyAmountEur);
            Checks.require(largeAmountEur > tinyAmountEur, id, "large_amount_eur", "must be above tiny_amount_eur");
            Checks.require(minProbes >= 1, id, "min_probes", "must be at least 1");
        }
    }

    /** Fires for any payment by a listed account, card (fingerprint) or at a listed merchant. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Blacklist(String id, Decision action, double score, Set<String> accounts, Set<String> cards,
                            Set<String> merchants) implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            Payment p = context.payment();
            String listed = accounts != null && accounts.contains(p.accountId()) ? "account " + p.accountId()
                    : cards != null && p.cardFingerprint() != null && cards.contains(p.cardFingerprint()) ? "card"
                    : merchants != null && merchants.contains(p.merchantId()) ? "merchant " + p.merchantId() : null;
            return listed == null ? Optional.empty()
                    : Optional.of(new RuleHit(id, score, action, listed + " is blacklisted"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.list(id, "accounts", accounts);
            Checks.list(id, "cards", cards);
            Checks.list(id, "merchants", merchants);
        }
    }

    /** Fires on a large payment in a country this account has not paid in during the last 30 days. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewCountryLargeAmount(String id, Decision action, double score, double minAmountEur)
            implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            Payment p = context.payment();
            if (p.country() == null || p.amountInEuros() < minAmountEur || !context.account().hasHistoryBefore(p.time())
                    || context.account().knowsCountryOf(p)) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, action, fixed(p.amountInEuros(), 2) + " EUR in " + p.country()
                    + ", a country this account has not paid in for 30 days"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.positive(id, "min_amount_eur", minAmountEur);
        }
    }

    /** Fires on a large payment at a merchant this account has not paid at during the last 30 days. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewMerchantLargeAmount(String id, Decision action, double score, double minAmountEur)
            implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            Payment p = context.payment();
            if (p.amountInEuros() < minAmountEur || !context.account().hasHistoryBefore(p.time())
                    || context.account().knowsMerchantOf(p)) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, action, fixed(p.amountInEuros(), 2) + " EUR at " + p.merchantId()
                    + ", a merchant this account has not paid at for 30 days"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.positive(id, "min_amount_eur", minAmountEur);
        }
    }

    /** Fires at a merchant with many chargebacks known before this payment (30 days). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RiskyMerchant(String id, Decision action, double score, int minChargebacks, double minChargebackRate)
            implements FraudRule {

        @Override
        public Optional<RuleHit> evaluate(RuleContext context) {
            long t = context.payment().time();
            int chargebacks = context.merchant().chargebacks(t);
            double rate = context.merchant().chargebackRate(t);
            if (chargebacks < minChargebacks || rate < minChargebackRate) {
                return Optional.empty();
            }
            return Optional.of(new RuleHit(id, score, action, "merchant " + context.payment().merchantId() + " had "
                    + chargebacks + " chargebacks (" + fixed(rate * 100, 1) + "% of payments) in 30 days"));
        }

        @Override
        public void validate() {
            Checks.common(id, action, score);
            Checks.require(minChargebacks >= 1, id, "min_chargebacks", "must be at least 1");
            Checks.require(minChargebackRate >= 0 && minChargebackRate <= 1, id, "min_chargeback_rate",
                    "must be between 0 and 1");
        }
    }

    /** Validation helpers: every message names the rule and the field. */
    static final class Checks {

        /** Enough for every ISO 4217 currency. */
        static final int MAX_CURRENCIES = 200;
        /**
         * Entries per blacklist: every instance holds them in memory and every rule-set record carries them all, so
         * the list stays well inside a Kafka record (about 10,000 ids of 64 characters is 0.7 MB).
         */
        static final int MAX_LISTED = 10_000;

        private Checks() {
        }

        static void list(String id, String field, java.util.Collection<String> values) {
            if (values == null) {
                return;
            }
            require(values.size() <= MAX_LISTED, id, field, "has " + values.size() + " entries; at most " + MAX_LISTED);
            for (String value : values) {
                require(value != null && !value.isBlank() && value.length() <= 200, id, field,
                        "entries must be non-empty strings of at most 200 characters");
            }
        }

        static void common(String id, Decision action, double score) {
            require(id != null && !id.isBlank(), "?", "id", "is required");
            require(action != null && action != Decision.ALLOW, id, "action", "must be REVIEW, ALERT or BLOCK");
            require(score > 0 && score <= 1, id, "score", "must be in (0, 1]");
        }

        static void window(String id, Duration window) {
            require(window != null && !window.isNegative() && !window.isZero()
                    && window.compareTo(Duration.ofDays(30)) <= 0, id, "window", "must be an ISO-8601 duration up to P30D");
        }

        static void positive(String id, String field, double value) {
            require(value > 0 && Double.isFinite(value), id, field, "must be a positive number");
        }

        static void require(boolean ok, String id, String field, String problem) {
            if (!ok) {
                throw new IllegalArgumentException("rule " + id + ": " + field + " " + problem);
            }
        }

        static String human(Duration window) {
            return window.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }
}
