package dev.frauddetection.detector.features;

import java.util.Arrays;

/**
 * What the detector knows about one merchant: how many payments it took per day, and how many of them were later
 * charged back, by the day the chargeback became known. Risk at time t uses only chargebacks known before t, so a
 * backtest never learns from the future.
 */
public final class MerchantHistory {

    private static final int DAYS = 31;

    private final long[] paymentDay = new long[DAYS];
    private final int[] payments = new int[DAYS];
    private final long[] chargebackDay = new long[DAYS];
    private final int[] chargebacks = new int[DAYS];
    private long latestTime = Long.MIN_VALUE;

    public MerchantHistory() {
        Arrays.fill(paymentDay, Long.MIN_VALUE);
        Arrays.fill(chargebackDay, Long.MIN_VALUE);
    }

    public void addPayment(long time) {
        latestTime = Math.max(latestTime, time);
        add(paymentDay, payments, time);
    }

    /** A chargeback on one of this merchant's payments, known (reported to the bank) at {@code knownAt}. */
    public void addChargeback(long knownAt) {
        latestTime = Math.max(latestTime, knownAt);
        add(chargebackDay, chargebacks, knownAt);
    }

    /** Chargebacks known in the 30 days before t. */
    public int chargebacks(long t) {
        return sum(chargebackDay, chargebacks, t);
    }

    /** Payments taken in the 30 days before t. */
    public int payments(long t) {
        return sum(paymentDay, payments, t);
    }

    /** Known chargebacks per payment over the last 30 days; 0 for a merchant without payments. */
    public double chargebackRate(long t) {
        int taken = payments(t);
        return taken == 0 ? 0 : Math.min(1.0, chargebacks(t) / (double) taken);
    }

    public long latestTime() {
        return latestTime;
    }

    private static void add(long[] days, int[] counts, long time) {
        long day = Math.floorDiv(time, AccountHistory.DAY);
        int index = (int) Math.floorMod(day, DAYS);
        if (days[index] != day) {
            if (days[index] > day) {
                return;
            }
            days[index] = day;
            counts[index] = 0;
        }
        counts[index]++;
    }

    private static int sum(long[] days, int[] counts, long t) {
        long today = Math.floorDiv(t - 1, AccountHistory.DAY);
        long first = Math.floorDiv(t - AccountHistory.RETENTION, AccountHistory.DAY);
        int total = 0;
        for (int i = 0; i < DAYS; i++) {
            if (days[i] != Long.MIN_VALUE && days[i] <= today && days[i] >= first) {
                total += counts[i];
            }
        }
        return total;
    }
}
