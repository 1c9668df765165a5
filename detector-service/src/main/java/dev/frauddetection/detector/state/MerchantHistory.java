package dev.frauddetection.detector.state;

import java.util.Arrays;

/**
 * What the detector knows about one merchant: how many payments it took per day, and the exact moments chargebacks on
 * its payments became known (the most recent {@value #MAX_CHARGEBACKS}). Risk at time t counts only chargebacks known
 * strictly before t, so neither a live verdict nor a backtest ever learns from the future.
 */
public final class MerchantHistory extends ChangeTracked {

    static final int DAYS = 31;
    static final int MAX_CHARGEBACKS = 512;

    final long[] paymentDay = new long[DAYS];
    final int[] payments = new int[DAYS];
    long[] chargebackTimes = new long[0];
    int chargebackCount;
    long latestTime = Long.MIN_VALUE;
    private long memoTime = Long.MIN_VALUE;
    private int memoPayments;

    public MerchantHistory() {
        Arrays.fill(paymentDay, Long.MIN_VALUE);
    }

    public void addPayment(long time) {
        memoTime = Long.MIN_VALUE;
        latestTime = Math.max(latestTime, time);
        add(paymentDay, payments, time);
    }

    /** A chargeback on one of this merchant's payments, known (reported to the bank) at {@code knownAt}. */
    public void addChargeback(long knownAt) {
        latestTime = Math.max(latestTime, knownAt);
        int expired = lowerBound(latestTime - AccountHistory.RETENTION);
        if (expired > 0 || chargebackCount == MAX_CHARGEBACKS) {
            int drop = Math.max(expired, chargebackCount == MAX_CHARGEBACKS ? 1 : 0);
            System.arraycopy(chargebackTimes, drop, chargebackTimes, 0, chargebackCount - drop);
            chargebackCount -= drop;
        }
        if (chargebackCount == chargebackTimes.length) {
            chargebackTimes = Arrays.copyOf(chargebackTimes, Math.max(4, Math.min(MAX_CHARGEBACKS, chargebackCount * 2)));
        }
        int at = lowerBound(knownAt + 1);
        System.arraycopy(chargebackTimes, at, chargebackTimes, at + 1, chargebackCount - at);
        chargebackTimes[at] = knownAt;
        chargebackCount++;
    }

    /** Chargebacks known in the 30 days before t: two binary searches over the sorted known times. */
    public int chargebacks(long t) {
        return chargebacks(t, AccountHistory.RETENTION);
    }

    /** Index of the first known time at or after {@code time}. */
    private int lowerBound(long time) {
        int low = 0;
        int high = chargebackCount;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (chargebackTimes[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Payments taken in the 30 days before t. Remembered for the last t asked about until a payment is added: the
     * features and the risky-merchant rule ask it of the same moment, and it sums 31 days.
     */
    public int payments(long t) {
        if (t != memoTime) {
            memoPayments = sum(paymentDay, payments, t, AccountHistory.RETENTION);
            memoTime = t;
        }
        return memoPayments;
    }

    /** Payments taken in [t - length, t), by whole days: every day the window touches counts (up to 31). */
    public int payments(long t, long length) {
        return length >= AccountHistory.RETENTION ? payments(t) : sum(paymentDay, payments, t, length);
    }

    /** Chargebacks (and confirmed frauds) that became known in [t - length, t). */
    public int chargebacks(long t, long length) {
        return lowerBound(t) - lowerBound(t - length);
    }

    /** Known chargebacks per payment over the last 30 days; 0 for a merchant without payments. */
    public double chargebackRate(long t) {
        return risk(t, AccountHistory.RETENTION);
    }

    /**
     * The merchant's fraud risk over a window: frauds that became known in the window per payment taken in it, at
     * most 1; 0 for a merchant without payments. Known times rather than payment times, so that it is computed only
     * from what the bank knew at t: with labels known a fixed delay after the payment this is the literature's
     * "terminal risk over the window that ended a delay ago", and with analysts' confirmations it reacts sooner.
     */
    public double risk(long t, long length) {
        int taken = payments(t, length);
        return taken == 0 ? 0 : Math.min(1.0, chargebacks(t, length) / (double) taken);
    }

    public long latestTime() {
        return latestTime;
    }

    /**
     * Reads a word of every cache line scoring reads (fields, then arrays), for {@link DetectorState#prefetch}; the
     * value means nothing, the loads are the point.
     */
    long warm() {
        long x = latestTime + chargebackCount;
        for (int i = 0; i < DAYS; i += 8) {
            x += paymentDay[i] + payments[i];
        }
        long[] times = chargebackTimes;
        for (int i = 0; i < chargebackCount; i += 8) {
            x += times[i];
        }
        return x;
    }

    /**
     * Adds another history of the same merchant into this one: the detector holds one history per merchant and source
     * partition (what a partition's checkpoint carries), and their sum is what scoring reads.
     */
    public void mergeFrom(MerchantHistory other) {
        memoTime = Long.MIN_VALUE;
        for (int i = 0; i < DAYS; i++) {
            long day = other.paymentDay[i];
            if (day == Long.MIN_VALUE || paymentDay[i] > day) {
                continue;
            }
            if (paymentDay[i] != day) {
                paymentDay[i] = day;
                payments[i] = 0;
            }
            payments[i] += other.payments[i];
        }
        for (int i = 0; i < other.chargebackCount; i++) {
            addChargeback(other.chargebackTimes[i]);
        }
        latestTime = Math.max(latestTime, other.latestTime);
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

    private static int sum(long[] days, int[] counts, long t, long length) {
        long today = Math.floorDiv(t - 1, AccountHistory.DAY);
        long first = Math.floorDiv(t - length, AccountHistory.DAY);
        int total = 0;
        for (int i = 0; i < DAYS; i++) {
            if (days[i] != Long.MIN_VALUE && days[i] <= today && days[i] >= first) {
                total += counts[i];
            }
        }
        return total;
    }
}
