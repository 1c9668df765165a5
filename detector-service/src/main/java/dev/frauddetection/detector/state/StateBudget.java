package dev.frauddetection.detector.state;

/**
 * How many accounts a heap holds, by the formula the Helm chart sizes the detector with (chart README, "Sizing the
 * detector"): 60 % of the heap for the state; each account 3,000 bytes plus 112 per payment it made in the last 25
 * hours, each merchant {@value #BYTES_PER_MERCHANT_PART} bytes per partition that saw it plus as much for its sum
 * (StateSoakTest's measurements lie below both). Used when fraud.detector.state.max-accounts is not set.
 */
public final class StateBudget {

    /** The state's share of the heap; the rest is the collector's room and everything else the detector holds. */
    static final double STATE_SHARE_OF_HEAP = 0.6;
    static final int BYTES_PER_ACCOUNT = 3_000;
    static final int BYTES_PER_RECENT_PAYMENT = 112;
    static final int BYTES_PER_MERCHANT_PART = 700;
    /**
     * Payments per account in 25 hours when nothing better is known: the local stack's simulator, 80 payments/s over
     * 500,000 accounts (a heavier density than most card portfolios, so the budget errs low).
     */
    static final int DEFAULT_RECENT_PAYMENTS = 15;
    /** Partitions of payments.public.transactions, all of which one detector may hold. */
    static final int DEFAULT_PARTITIONS = 6;
    /** Merchants held when fraud.detector.state.max-merchants is not set. */
    public static final int DEFAULT_MERCHANTS = 20_000;

    private StateBudget() {
    }

    /** Accounts a heap of {@code maxHeapBytes} holds beside {@code merchants} merchants, at the default density. */
    public static int accountsFor(long maxHeapBytes, int merchants) {
        return accountsFor(maxHeapBytes, merchants, DEFAULT_RECENT_PAYMENTS, DEFAULT_PARTITIONS);
    }

    /**
     * Accounts a heap of {@code maxHeapBytes} holds when each made {@code recentPayments} payments in 25 hours, beside
     * {@code merchants} merchants seen in each of {@code partitions} partitions. At least 1.
     */
    public static int accountsFor(long maxHeapBytes, int merchants, int recentPayments, int partitions) {
        if (maxHeapBytes <= 0 || merchants < 0 || recentPayments < 0 || partitions < 1) {
            throw new IllegalArgumentException("a heap of " + maxHeapBytes + " bytes, " + merchants + " merchants, "
                    + recentPayments + " recent payments per account, " + partitions + " partitions");
        }
        long perAccount = BYTES_PER_ACCOUNT + (long) BYTES_PER_RECENT_PAYMENT * Math.min(256, recentPayments);
        long forAccounts = (long) (maxHeapBytes * STATE_SHARE_OF_HEAP) - merchantBytes(merchants, partitions);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, forAccounts / perAccount));
    }

    /** What {@code merchants} merchants seen in each of {@code partitions} partitions hold: a part each, and the sum. */
    public static long merchantBytes(int merchants, int partitions) {
        return (long) merchants * BYTES_PER_MERCHANT_PART * (partitions + 1);
    }
}
