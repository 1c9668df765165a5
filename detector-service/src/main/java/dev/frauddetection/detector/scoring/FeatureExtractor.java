package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.state.AccountHistory;
import dev.frauddetection.detector.state.MerchantHistory;
import java.util.List;
import java.util.Set;

/**
 * The model's view of a payment: numbers computed from the payment and from the account's and merchant's history
 * before it. The same code runs live, in training and in backtests, so a model sees in production exactly what it
 * was trained on.
 *
 * <p>Beside the patterns the rules look for (velocity, travel, card testing, new places), the general features of the
 * card-fraud literature (Le Borgne et al., "Reproducible Machine Learning for Credit Card Fraud Detection", chapter
 * 3): per account the count and mean amount over 1, 7 and 30 days and the amount against each mean; per merchant the
 * count over the same windows and its fraud risk, computed only from chargebacks and confirmed frauds known by the
 * payment's moment; the time since the account's previous payment. They need no state beyond what the rules keep:
 * the 24-hour list and the 30 daily buckets of an account, the daily counts and known chargeback times of a merchant.
 *
 * <p>The calendar features ({@link #CALENDAR}) are computed always but used by a model only when {@code train}'s
 * validation on later days shows they help: a pattern of the hours seen in a short training window need not hold.
 */
public final class FeatureExtractor {

    public static final List<String> NAMES = List.of(
            "log_amount_eur", "amount_zscore", "count_1m", "count_1h", "log_count_1d", "log_count_7d",
            "log_count_30d", "log_mean_eur_1d", "log_mean_eur_7d", "log_mean_eur_30d", "amount_to_mean_1d",
            "amount_to_mean_7d", "amount_to_mean_30d", "distinct_countries_24h", "distinct_merchants_1h",
            "new_country", "new_merchant", "log_travel_speed_kmh", "tiny_probes_15m", "log_minutes_since_last",
            "log_merchant_count_1d", "log_merchant_count_7d", "log_merchant_count_30d", "merchant_risk_1d",
            "merchant_risk_7d", "merchant_risk_30d", "log_merchant_chargebacks_30d", "channel_online",
            "channel_card_present", "channel_other", "hour_of_day", "weekend");

    /** The features that are 1 or 0 (yes or no): an explanation names them so, not as a number. */
    public static final Set<String> INDICATORS = Set.of(
            "new_country", "new_merchant", "channel_online", "channel_card_present", "channel_other", "weekend");

    /** Features of the payment's moment in the calendar (UTC): used only where validation shows they hold. */
    public static final Set<String> CALENDAR = Set.of("hour_of_day", "weekend");

    /** Payments below this many euros count as card-testing probes. */
    public static final double TINY_EUROS = 3.0;

    private static final long WEEK = 7 * AccountHistory.DAY;

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
        int day = account.count(t, AccountHistory.DAY);
        int week = account.count(t, WEEK);
        int month = account.count(t, AccountHistory.RETENTION);
        double dayMean = mean(account.sumEuros(t, AccountHistory.DAY), day);
        double weekMean = mean(account.sumEuros(t, WEEK), week);
        double monthMean = mean(account.sumEuros(t, AccountHistory.RETENTION), month);
        long timeOfDay = Math.floorMod(t, AccountHistory.DAY);
        long weekday = Math.floorMod(Math.floorDiv(t, AccountHistory.DAY) + 3, 7);
        return new double[]{
                log1p(euros),
                account.amountZScore(euros),
                account.count(t, AccountHistory.MINUTE),
                account.count(t, AccountHistory.HOUR),
                log1p(day),
                log1p(week),
                log1p(month),
                log1p(dayMean),
                log1p(weekMean),
                log1p(monthMean),
                toMean(euros, dayMean, day),
                toMean(euros, weekMean, week),
                toMean(euros, monthMean, month),
                account.distinctCountries(t, AccountHistory.DAY),
                account.distinctMerchants(t, AccountHistory.HOUR),
                known && p.country() != null && !account.knowsCountryOf(p) ? 1 : 0,
                known && !account.knowsMerchantOf(p) ? 1 : 0,
                travel == null ? 0 : log1p(travel.speedKmh()),
                account.countBelow(t, 15 * AccountHistory.MINUTE, TINY_EUROS),
                log1p(sinceLast < 0 ? 30 * 24 * 60 : sinceLast / 60_000.0),
                log1p(merchant.payments(t, AccountHistory.DAY)),
                log1p(merchant.payments(t, WEEK)),
                log1p(merchant.payments(t)),
                merchant.risk(t, AccountHistory.DAY),
                merchant.risk(t, WEEK),
                merchant.chargebackRate(t),
                log1p(merchant.chargebacks(t)),
                online ? 1 : 0,
                cardPresent ? 1 : 0,
                online || cardPresent ? 0 : 1,
                timeOfDay / (double) AccountHistory.HOUR,
                weekday >= 5 ? 1 : 0};
    }

    private static double mean(double sum, int count) {
        return count == 0 ? 0 : sum / count;
    }

    /** The amount against the account's mean over a window, as a log ratio; 0 without payments in the window. */
    private static double toMean(double euros, double mean, int count) {
        return count == 0 ? 0 : Math.log((euros + 1) / (mean + 1));
    }
}
