package dev.frauddetection.detector.state;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What leaves the state, and why. Idle histories, whose latest event is older than the 30-day retention measured
 * against the watermark, go at most once per hour of event time: every window they could feed is already empty, so
 * nothing is lost. Past a budget (accounts, merchants), the least recently active go until a tenth of it is free
 * again; their windows restart empty when they pay next. With checkpoints, every history that goes is also deleted
 * from its partition's checkpoint at the next snapshot.
 */
final class HistoryEviction {

    /**
     * Idle histories are looked for once per hour of event time: they leave the windows at a 30-day horizon, and a
     * sweep visits every history (scattered across the heap), which at every 10,000 events took a quarter of the
     * scoring time.
     */
    private static final long IDLE_INTERVAL = AccountHistory.HOUR;

    private final Collection<HeldPartition> partitions;
    private final HistoryTable<MerchantHistory> merchants;
    private final boolean checkpointed;
    private long lastIdleSweep = Long.MIN_VALUE;
    private int sinceBudgetCheck;
    int maxAccounts = Integer.MAX_VALUE;
    int maxMerchants = Integer.MAX_VALUE;
    long evicted;
    long accountsEvictedForBudget;
    long merchantsEvictedForBudget;
    /** Event time between the watermark and the newest history the last budget eviction removed. */
    long budgetEvictionAge;

    HistoryEviction(Collection<HeldPartition> partitions, HistoryTable<MerchantHistory> merchants, boolean checkpointed) {
        this.partitions = partitions;
        this.merchants = merchants;
        this.checkpointed = checkpointed;
    }

    /**
     * After every event, before the watermark moves: once per 1,024 events the budgets are looked at. Counting the
     * accounts walks the partitions, so not more often (a budget is exceeded by at most that many new histories
     * between two looks), which keeps it off the per-payment cost.
     */
    void checkBudgets(long watermark) {
        if ((++sinceBudgetCheck & 1023) == 0) {
            if (accounts() > maxAccounts) {
                enforceAccountBudget(watermark);
            }
            if (merchants.size() > maxMerchants) {
                enforceMerchantBudget();
            }
        }
    }

    /** When the watermark has moved: sweeps idle histories once per hour of event time. */
    void sweepIdleIfDue(long watermark) {
        if (lastIdleSweep == Long.MIN_VALUE) {
            lastIdleSweep = watermark;
        } else if (watermark - lastIdleSweep >= IDLE_INTERVAL) {
            lastIdleSweep = watermark;
            evictIdle(watermark);
        }
    }

    void evictIdle(long watermark) {
        long cutoff = watermark - AccountHistory.RETENTION;
        int before = accounts() + merchants.size();
        for (HeldPartition held : partitions) {
            held.accounts.removeIf((id, history) -> {
                boolean idle = history.latestTime() < cutoff;
                if (idle && checkpointed) {
                    // It may stay in dirtyAccounts: the snapshot skips ids no longer held.
                    held.changes.goneAccounts.add(id);
                }
                return idle;
            });
            held.merchantParts.removeIf((id, part) -> {
                boolean idle = part.latestTime() < cutoff;
                if (idle && checkpointed) {
                    // It may stay in dirtyMerchants: the snapshot skips ids no longer held.
                    held.changes.goneMerchants.add(id);
                }
                return idle;
            });
        }
        merchants.removeIf((id, merchant) -> merchant.latestTime() < cutoff);
        evicted += before - accounts() - merchants.size();
    }

    /**
     * Evicts the least recently active accounts until 90 % of the budget is held: the cut-off is the latest-event time
     * at that quantile of a sample of the histories ({@link CutoffSample}).
     */
    void enforceAccountBudget(long watermark) {
        int held = accounts();
        if (held <= maxAccounts) {
            return;
        }
        int keep = (int) (maxAccounts * 0.9);
        CutoffSample sample = new CutoffSample(held);
        for (HeldPartition partition : partitions) {
            partition.accounts.forEach((id, history) -> sample.offer(history.latestTime()));
        }
        long cutoff = sample.cutoff(held, keep);
        long[] newestEvicted = {Long.MIN_VALUE};
        for (HeldPartition partition : partitions) {
            partition.accounts.removeIf((id, history) -> {
                boolean old = history.latestTime() <= cutoff;
                if (old) {
                    newestEvicted[0] = Math.max(newestEvicted[0], history.latestTime());
                    if (checkpointed) {
                        partition.changes.goneAccounts.add(id);
                    }
                }
                return old;
            });
        }
        int gone = held - accounts();
        evicted += gone;
        accountsEvictedForBudget += gone;
        if (gone > 0 && watermark != Long.MIN_VALUE) {
            budgetEvictionAge = Math.max(0, watermark - newestEvicted[0]);
        }
    }

    /**
     * Evicts the least recently active merchants until 90 % of the merchant budget is held, as for accounts: the summed
     * history and every partition's part go, the parts as checkpoint deletions.
     */
    void enforceMerchantBudget() {
        int held = merchants.size();
        if (held <= maxMerchants) {
            return;
        }
        int keep = (int) (maxMerchants * 0.9);
        CutoffSample sample = new CutoffSample(held);
        merchants.forEach((id, merchant) -> sample.offer(merchant.latestTime()));
        long cutoff = sample.cutoff(held, keep);
        Set<String> gone = new HashSet<>();
        merchants.removeIf((id, merchant) -> {
            boolean old = merchant.latestTime() <= cutoff;
            if (old) {
                gone.add(id);
            }
            return old;
        });
        for (HeldPartition partition : partitions) {
            partition.merchantParts.removeIf((id, part) -> {
                boolean old = gone.contains(id);
                if (old && checkpointed) {
                    partition.changes.goneMerchants.add(id);
                }
                return old;
            });
        }
        merchantsEvictedForBudget += gone.size();
        evicted += gone.size();
    }

    int accounts() {
        int total = 0;
        for (HeldPartition held : partitions) {
            total += held.accounts.size();
        }
        return total;
    }
}
