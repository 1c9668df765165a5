package dev.frauddetection.detector.features;

/**
 * How many accounts a heap holds, by the formula the Helm chart sizes the detector with (chart README, "Sizing the
 * detector"): 60 % of the heap for the state, 3,000 bytes per account plus 112 per payment it made in the last 25
 * hours (StateSoakTest's measurements lie below it). Used when fraud.detector.state.max-accounts is not set.
 */
public final class StateBudget {

    /** The state's share of the heap; the rest is the collector's room and everything else the detector holds. */
    static final double STATE_SHARE_OF_HEAP = 0.6;
    static final int BYTES_PER_ACCOUNT = 3_000;
    static final int BYTES_PER_RECENT_PAYMENT = 112;
    /**
     * Payments per account in 25 hours when nothing better is known: the local stack's simulator, 80 payments/s over
     * 500,000 accounts (a heavier density than most card portfolios, so the budget errs low).
     */
    static final int DEFAULT_RECENT_PAYMENTS = 15;

    private StateBudget() {
    }

    /** Accounts a heap of {@code maxHeapBytes} holds at the default density. */
    public static int forHeap(long maxHeapBytes) {
        return forHeap(maxHeapBytes, DEFAULT_RECENT_PAYMENTS);
    }

    /** Accounts a heap of {@code maxHeapBytes} holds when each made {@code recentPayments} payments in 25 hours. */
    public static int forHeap(long maxHeapBytes, int recentPayments) {
        if (maxHeapBytes <= 0 || recentPayments < 0) {
            throw new IllegalArgumentException("a heap of " + maxHeapBytes + " bytes and " + recentPayments
                    + " recent payments per account");
        }
        long perAccount = BYTES_PER_ACCOUNT + (long) BYTES_PER_RECENT_PAYMENT * Math.min(256, recentPayments);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) (maxHeapBytes * STATE_SHARE_OF_HEAP) / perAccount));
    }
}
