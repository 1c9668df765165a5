package dev.frauddetection.detector.features;

import java.util.HashMap;
import java.util.Map;

/**
 * All account and merchant histories one detector instance holds. Accounts and merchants whose latest event is older
 * than the 30-day retention, measured against the newest event time seen (the watermark), are evicted: every window
 * they could contribute to is already empty, so nothing is lost. Single-threaded, like the pipeline that owns it.
 */
public final class DetectorState {

    private static final int EVICTION_INTERVAL = 10_000;

    private final Map<String, AccountHistory> accounts = new HashMap<>();
    private final Map<String, MerchantHistory> merchants = new HashMap<>();
    private long watermark = Long.MIN_VALUE;
    private int sinceEviction;
    private long evicted;

    public AccountHistory account(String accountId) {
        return accounts.computeIfAbsent(accountId, id -> new AccountHistory());
    }

    public MerchantHistory merchant(String merchantId) {
        return merchants.computeIfAbsent(merchantId, id -> new MerchantHistory());
    }

    /** Advances the watermark and, every so often, evicts histories that fell out of every window. */
    public void observed(long eventTime) {
        watermark = Math.max(watermark, eventTime);
        if (++sinceEviction >= EVICTION_INTERVAL) {
            sinceEviction = 0;
            evictIdle();
        }
    }

    public void evictIdle() {
        long cutoff = watermark - AccountHistory.RETENTION;
        int before = accounts.size() + merchants.size();
        accounts.values().removeIf(a -> a.latestTime() < cutoff);
        merchants.values().removeIf(m -> m.latestTime() < cutoff);
        evicted += before - accounts.size() - merchants.size();
    }

    public int accounts() {
        return accounts.size();
    }

    public int merchants() {
        return merchants.size();
    }

    public long evicted() {
        return evicted;
    }
}
