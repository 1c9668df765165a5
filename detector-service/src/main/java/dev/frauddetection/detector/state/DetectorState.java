package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All account and merchant histories one detector instance holds, by source partition: an account's events all come
 * from one partition of the transactions topic (they are keyed by account), so its history belongs to that partition
 * ({@link HeldPartition}) and moves with it on a rebalance. A merchant takes payments from accounts in every partition:
 * each partition keeps its own share of the merchant's history (what its checkpoint carries), and scoring reads their
 * sum over the partitions this instance holds (for one instance, every partition: the merchant's whole history).
 *
 * <p>Memory is bounded by the 30-day retention and by a budget of accounts ({@link #budget}) and one of merchants
 * ({@link #merchantBudget}); what leaves, and when, is {@link HistoryEviction}'s business.
 *
 * <p>The tools ({@code train}, {@code backtest}) use one implicit partition and no checkpoints. The live detector uses
 * {@link #checkpointed()}: it remembers which histories changed since the last {@link #snapshot}, and every partition
 * knows the next source offset its state has not seen. The pipeline, the checkpointer, the restorer and the state
 * report reach it from different threads, each while holding {@link #lock()}; only the size gauges read it without.
 */
public final class DetectorState {

    private final Object lock = new Object();
    private final boolean checkpointed;
    private final Map<Integer, HeldPartition> partitions = new ConcurrentHashMap<>();
    /** Sum over the partitions held; what scoring reads. */
    private final HistoryTable<MerchantHistory> merchants = new HistoryTable<>(MerchantHistory::new);
    private final HistoryEviction eviction;
    private final CacheWarmer warmer = new CacheWarmer();
    private HeldPartition current;
    private long watermark = Long.MIN_VALUE;

    /** One implicit partition, no checkpoints: for train and backtest. */
    public DetectorState() {
        this(false);
        current = new HeldPartition(0, 0);
        partitions.put(0, current);
    }

    private DetectorState(boolean checkpointed) {
        this.checkpointed = checkpointed;
        this.eviction = new HistoryEviction(partitions.values(), merchants, checkpointed);
    }

    /** For the live detector: partitions are adopted or restored as they are assigned, and changes are tracked. */
    public static DetectorState checkpointed() {
        return new DetectorState(true);
    }

    /** What every thread that reads or changes this state holds meanwhile. */
    public Object lock() {
        return lock;
    }

    // ---- partitions --------------------------------------------------------------------------------------------

    /** Starts holding a partition with no history, from {@code nextOffset} on. */
    public void adopt(int partition, long nextOffset) {
        adopt(partition, nextOffset, Set.of());
    }

    /**
     * Starts holding a partition with no history, and deletes the records of a checkpoint that could not be read
     * with the next snapshot, so that they are not found (and refused) again on the next assignment.
     */
    public void adopt(int partition, long nextOffset, Set<String> unreadableKeys) {
        release(partition);
        HeldPartition adopted = new HeldPartition(partition, nextOffset);
        adopted.changes.unreadable.addAll(unreadableKeys);
        partitions.put(partition, adopted);
    }

    /**
     * Starts holding a partition as its checkpoint left it: {@code records} maps checkpoint keys to what
     * {@link #snapshot} wrote. Fails, changing nothing, on a record this layout cannot read.
     */
    public void restore(int partition, long nextOffset, long checkpointWatermark, Map<String, byte[]> records)
            throws IOException {
        PartitionRestore restore = new PartitionRestore(partition);
        records.forEach(restore::put);
        restore(restore, nextOffset, checkpointWatermark);
    }

    /** Starts holding a partition as a {@link PartitionRestore} read it back. Fails, changing nothing, if a record was unreadable. */
    public void restore(PartitionRestore restore, long nextOffset, long checkpointWatermark) throws IOException {
        if (restore.failure != null) {
            throw restore.failure;
        }
        HeldPartition restored = restore.building;
        restored.nextOffset = nextOffset;
        release(restored.partition);
        partitions.put(restored.partition, restored);
        restored.merchantParts.forEach((id, part) -> merchants.getOrCreate(id).mergeFrom(part));
        watermark = Math.max(watermark, checkpointWatermark);
    }

    /** Stops holding a partition (revoked): its histories go, and merchants are summed over the partitions left. */
    public void release(int partition) {
        HeldPartition gone = partitions.remove(partition);
        if (gone == null) {
            return;
        }
        if (current == gone) {
            current = null;
        }
        merchants.clear();
        for (HeldPartition held : partitions.values()) {
            held.merchantParts.forEach((id, part) -> merchants.getOrCreate(id).mergeFrom(part));
        }
    }

    public boolean holds(int partition) {
        return partitions.containsKey(partition);
    }

    public Set<Integer> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /** The next source offset the partition's state has not seen; events before it are already in the state. */
    public long nextOffset(int partition) {
        return partitions.get(partition).nextOffset;
    }

    /** Directs the following changes to a held partition's state. */
    public void switchTo(int partition) {
        if (current == null || current.partition != partition) {
            current = partitions.get(partition);
            if (current == null) {
                throw new IllegalStateException("Partition " + partition + " is not held by this detector");
            }
        }
    }

    /** The event at {@code offset} of the current partition has been applied. */
    public void applied(long offset) {
        current.nextOffset = Math.max(current.nextOffset, offset + 1);
    }

    // ---- histories ---------------------------------------------------------------------------------------------

    public AccountHistory account(String accountId) {
        return current.accounts.getOrCreate(accountId);
    }

    public MerchantHistory merchant(String merchantId) {
        return merchants.getOrCreate(merchantId);
    }

    /** Warms the caches for judging these payments of the current partition, in this order ({@link CacheWarmer}). */
    public void prefetch(List<Payment> payments) {
        if (current != null) {
            warmer.warm(current.accounts, merchants, payments);
        }
    }

    /** True if the current partition's history of the payment's account already holds this payment. */
    public boolean remembers(Payment payment) {
        AccountHistory account = current.accounts.get(payment.accountId());
        return account != null && account.holds(payment);
    }

    /** Adds a payment to its account's and merchant's histories (once: a redelivered payment changes nothing). */
    public void remember(Payment payment, AccountHistory account, MerchantHistory merchant) {
        if (account.add(payment)) {
            merchant.addPayment(payment.time());
            if (checkpointed) {
                if (account.markChanged()) {
                    current.changes.accountChanged(payment.accountId());
                }
                current.changingMerchantPart(payment.merchantId()).addPayment(payment.time());
            }
        }
        observed(payment.time());
    }

    /** A chargeback on a payment at this merchant became known at {@code knownAt}. */
    public void chargeback(String merchantId, long knownAt) {
        merchant(merchantId).addChargeback(knownAt);
        if (checkpointed) {
            current.changingMerchantPart(merchantId).addChargeback(knownAt);
        }
        observed(knownAt);
    }

    /** Advances the watermark; now and then the budgets are enforced and idle histories evicted. */
    public void observed(long eventTime) {
        eviction.checkBudgets(watermark);
        if (eventTime > watermark) {
            watermark = eventTime;
            eviction.sweepIdleIfDue(watermark);
        }
    }

    // ---- budgets and eviction ----------------------------------------------------------------------------------

    /**
     * Bounds the accounts held: past {@code maxAccounts}, the least recently active are evicted down to 90 % of it
     * (so that eviction runs once per tenth of the budget, not at every new account).
     */
    public void budget(int maxAccounts) {
        if (maxAccounts < 1) {
            throw new IllegalArgumentException("the account budget must be at least 1, got " + maxAccounts);
        }
        eviction.maxAccounts = maxAccounts;
        eviction.enforceAccountBudget(watermark);
    }

    /**
     * Bounds the merchants held (each is a history per partition that saw it, summed into one): past
     * {@code maxMerchants}, the least recently active are evicted down to 90 % of it, from every partition.
     */
    public void merchantBudget(int maxMerchants) {
        if (maxMerchants < 1) {
            throw new IllegalArgumentException("the merchant budget must be at least 1, got " + maxMerchants);
        }
        eviction.maxMerchants = maxMerchants;
        eviction.enforceMerchantBudget();
    }

    /** The account budget ({@link #budget}); {@link Integer#MAX_VALUE} when unbounded. */
    public int maxAccounts() {
        return eviction.maxAccounts;
    }

    public int maxMerchants() {
        return eviction.maxMerchants;
    }

    public long evictedForBudget() {
        return eviction.accountsEvictedForBudget;
    }

    public long merchantsEvictedForBudget() {
        return eviction.merchantsEvictedForBudget;
    }

    /** How long before the watermark the most recently active history evicted for the budget had last paid. */
    public long budgetEvictionAge() {
        return eviction.budgetEvictionAge;
    }

    /** Evicts every history whose latest event is older than the retention, now. */
    public void evictIdle() {
        eviction.evictIdle(watermark);
    }

    // ---- checkpoints -------------------------------------------------------------------------------------------

    /**
     * What changed in a partition since its last snapshot, as checkpoint records (null values delete evicted
     * histories), together with the offset the state has reached; the change tracking starts over.
     */
    public PartitionSnapshot snapshot(int partition) {
        return partitions.get(partition).snapshot(watermark);
    }

    /** True if histories of the partition changed (or were evicted) since its last snapshot. */
    public boolean changed(int partition) {
        HeldPartition held = partitions.get(partition);
        return held != null && !held.changes.isEmpty();
    }

    /** Marks histories as changed again (their checkpoint failed): the next snapshot writes them as they are then. */
    public void changedAgain(PartitionSnapshot failed) {
        HeldPartition held = partitions.get(failed.partition());
        if (held != null) {
            held.changedAgain(failed);
        }
    }

    // ---- size --------------------------------------------------------------------------------------------------

    public int accounts() {
        return eviction.accounts();
    }

    public int merchants() {
        return merchants.size();
    }

    public long evicted() {
        return eviction.evicted;
    }
}
