package dev.frauddetection.detector.features;

import java.util.List;
import java.util.Set;

/**
 * The model's view of a payment: numbers computed from the payment and from the account's and merchant's history
 * before it. The same code runs live, in training and in backtests, so a model sees in production exactly what it
 * was trained on. There is deliberately no time-of-day feature: the shipped model is trained on a few hours of
 * simulated traffic, and a feature it has only seen in the evening would score a morning payment on extrapolation.
 */
public final class FeatureExtractor {

    public static final List<String> NAMES = List.of(
            "log_amount_eur", "amount_zscore", "count_1m", "count_1h", "count_24h", "log_sum_24h_eur",
            "log_count_30d", "distinct_countries_24h", "distinct_merchants_1h", "new_country", "new_merchant",
            "log_travel_speed_kmh", "tiny_probes_15m", "merchant_chargeback_rate_30d", "log_merchant_chargebacks_30d",
            "channel_online", "channel_card_present", "channel_other", "log_minutes_since_last");

    /** The features that are 1 or 0 (yes or no): an explanation names them so, not as a number. */
    public static final Set<String> INDICATORS = Set.of(
            "new_country", "new_merchant", "channel_online", "channel_card_present", "channel_other");

    /** Payments below this many euros count as card-testing probes. */
    public static final double TINY_EUROS = 3.0;

    private FeatureExtractor() {
    }

    /**
     * log(1 + x) through Math.log, which the JIT compiles to a CPU instruction sequence, where Math.log1p runs
     * StrictMath's software version: that took a seventh of the scoring time. For the features' x (counts, amounts,
     * speeds, minutes; never near -1 or below 1e-9 unless 0) the two agree to within a few units in the last place.
     */
    private static double log1p(double x) {
        return Math.log(1 + x);
    }

    public static double[] extract(Payment p, AccountHistory account, MerchantHistory merchant) {
        long t = p.time();
        double euros = p.amountInEuros();
        boolean known = account.hasHistoryBefore(t);
        AccountHistory.Travel travel = account.travelTo(p);
        long sinceLast = account.millisSinceLast(t);
        String channel = p.channel() == null ? "" : p.channel();
        boolean online = channel.equals("ONLINE");
        boolean cardPresent = channel.equals("CARD_PRESENT");
        return new double[]{
                log1p(euros),
                account.amountZScore(euros),
                account.count(t, AccountHistory.MINUTE),
                account.count(t, AccountHistory.HOUR),
                account.count(t, AccountHistory.DAY),
                log1p(account.sumEuros(t, AccountHistory.DAY)),
                log1p(account.count(t, AccountHistory.RETENTION)),
                account.distinctCountries(t, AccountHistory.DAY),
                account.distinctMerchants(t, AccountHistory.HOUR),
                known && p.country() != null && !account.knowsCountryOf(p) ? 1 : 0,
                known && !account.knowsMerchantOf(p) ? 1 : 0,
                travel == null ? 0 : log1p(travel.speedKmh()),
                account.countBelow(t, 15 * AccountHistory.MINUTE, TINY_EUROS),
                merchant.chargebackRate(t),
                log1p(merchant.chargebacks(t)),
                online ? 1 : 0,
                cardPresent ? 1 : 0,
                online || cardPresent ? 0 : 1,
                log1p(sinceLast < 0 ? 30 * 24 * 60 : sinceLast / 60_000.0)};
    }
}
