package dev.frauddetection.detector.features;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All account and merchant histories one detector instance holds, by source partition: an account's events all come
 * from one partition of the transactions topic (they are keyed by account), so its history belongs to that partition
 * and moves with it on a rebalance. A merchant takes payments from accounts in every partition: each partition keeps
 * its own share of the merchant's history (what its checkpoint carries), and scoring reads their sum over the
 * partitions this instance holds (for one instance, every partition: the merchant's whole history).
 *
 * <p>Histories whose latest event is older than the 30-day retention, measured against the newest event time seen
 * (the watermark), are evicted: every window they could contribute to is already empty, so nothing is lost.
 *
 * <p>Memory is bounded by a budget of accounts ({@link #budget}) and one of merchants ({@link #merchantBudget}), each
 * looked at every 1,024 events, so exceeded by at most that many: past it, the least recently active histories are
 * evicted until a tenth of the budget is free again. Their windows restart empty when they pay next (what that costs
 * in missed frauds is measured, not assumed); {@link #evictedForBudget()} and {@link #budgetEvictionAge()} say how many
 * accounts and how recently active the last ones were, {@link #merchantsEvictedForBudget()} how many merchants.
 *
 * <p>The tools ({@code train}, {@code backtest}) use one implicit partition and no checkpoints. The live detector uses
 * {@link #checkpointed()}: it remembers which histories changed since the last {@link #snapshot}, and every partition
 * knows the next source offset its state has not seen. Single-threaded, like the pipeline that owns it; only the
 * size gauges are read from other threads.
 */
public final class DetectorState {

    /**
     * Idle histories are looked for once per hour of event time: they leave the windows at a 30-day horizon, and a
     * sweep visits every history (scattered across the heap), which at every 10,000 events took a quarter of the
     * scoring time.
     */
    private static final long EVICTION_INTERVAL = AccountHistory.HOUR;
    private static final String ACCOUNT_KEY = "a/";
    private static final String MERCHANT_KEY = "m/";

    private final boolean checkpointed;
    private final Map<Integer, PartitionState> partitions = new ConcurrentHashMap<>();
    /** Sum over the partitions held; what scoring reads. */
    private final HistoryTable<MerchantHistory> merchants = new HistoryTable<>(MerchantHistory::new);
    private PartitionState current;
    private long watermark = Long.MIN_VALUE;
    private long lastEviction = Long.MIN_VALUE;
    private long evicted;
    private int maxAccounts = Integer.MAX_VALUE;
    private int maxMerchants = Integer.MAX_VALUE;
    private long evictedForBudget;
    private long merchantsEvictedForBudget;
    private int sinceBudgetCheck;
    /** Event time between the watermark and the newest history the last budget eviction removed. */
    private long budgetEvictionAge;
    private AccountHistory[] warmingHistories = new AccountHistory[0];
    private String[] warmingIds = new String[0];
    private MerchantHistory[] warmingMerchants = new MerchantHistory[0];
    /** What {@link #prefetch} read, summed: only so that the compiler keeps the reads. */
    private long warmed;

    /** One implicit partition, no checkpoints: for train and backtest. */
    public DetectorState() {
        this(false);
        current = new PartitionState(0, 0);
        partitions.put(0, current);
    }

    private DetectorState(boolean checkpointed) {
        this.checkpointed = checkpointed;
    }

    /** For the live detector: partitions are adopted or restored as they are assigned, and changes are tracked. */
    public static DetectorState checkpointed() {
        return new DetectorState(true);
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
        PartitionState adopted = new PartitionState(partition, nextOffset);
        adopted.unreadable.addAll(unreadableKeys);
        partitions.put(partition, adopted);
    }

    /**
     * Starts holding a partition as its checkpoint left it: {@code records} maps checkpoint keys to what
     * {@link #snapshot} wrote. Fails, changing nothing, on a record this layout cannot read.
     */
    public void restore(int partition, long nextOffset, long checkpointWatermark, Map<String, byte[]> records)
            throws IOException {
        Restore restore = new Restore(partition);
        records.forEach(restore::put);
        restore(restore, nextOffset, checkpointWatermark);
    }

    /** Starts holding a partition as a {@link Restore} read it back. Fails, changing nothing, if a record was unreadable. */
    public void restore(Restore restore, long nextOffset, long checkpointWatermark) throws IOException {
        if (restore.failure != null) {
            throw restore.failure;
        }
        PartitionState restored = restore.building;
        restored.nextOffset = nextOffset;
        release(restored.partition);
        partitions.put(restored.partition, restored);
        restored.merchantParts.forEach((id, part) -> merchants.getOrCreate(id).mergeFrom(part));
        watermark = Math.max(watermark, checkpointWatermark);
    }

    /**
     * A partition's histories being read back from its checkpoint topic, record by record: each is decoded as it
     * arrives (the compacted topic may still hold older versions of a history; the newest wins), so a restore never
     * holds the raw bytes of a whole partition on top of the histories they become.
     */
    public static final class Restore {
        private final PartitionState building;
        private final Set<String> keys = new HashSet<>();
        private IOException failure;

        public Restore(int partition) {
            building = new PartitionState(partition, 0);
        }

        public void put(String key, byte[] value) {
            keys.add(key);
            if (failure != null) {
                return;
            }
            try {
                if (key.startsWith(ACCOUNT_KEY)) {
                    building.accounts.put(key.substring(ACCOUNT_KEY.length()), StateCodec.decodeAccount(value));
                } else if (key.startsWith(MERCHANT_KEY)) {
                    building.merchantParts.put(key.substring(MERCHANT_KEY.length()), StateCodec.decodeMerchant(value));
                } else {
                    throw new IOException("Unknown checkpoint key " + key);
                }
            } catch (IOException e) {
                failure = new IOException(key + ": " + e.getMessage(), e);
                building.accounts.clear();
                building.merchantParts.clear();
            }
        }

        public void delete(String key) {
            keys.remove(key);
            if (key.startsWith(ACCOUNT_KEY)) {
                building.accounts.remove(key.substring(ACCOUNT_KEY.length()));
            } else if (key.startsWith(MERCHANT_KEY)) {
                building.merchantParts.remove(key.substring(MERCHANT_KEY.length()));
            }
        }

        /** Every key the topic holds for the partition: what to delete if the checkpoint cannot be used. */
        public Set<String> keys() {
            return keys;
        }

        public int histories() {
            return building.accounts.size() + building.merchantParts.size();
        }
    }

    /** Stops holding a partition (revoked): its histories go, and merchants are summed over the partitions left. */
    public void release(int partition) {
        PartitionState gone = partitions.remove(partition);
        if (gone == null) {
            return;
        }
        if (current == gone) {
            current = null;
        }
        merchants.clear();
        for (PartitionState held : partitions.values()) {
            held.merchantParts.forEach((id, part) -> merchants.getOrCreate(id).mergeFrom(part));
        }
    }

    public boolean holds(int partition) {
        return partitions.containsKey(partition);
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

    /**
     * Brings into the CPU's caches what judging these payments of the current partition, in this order, will read:
     * over 100,000 accounts most histories are out of cache, and judging one payment after another waits for their
     * misses one chain at a time (slot, history, its arrays: 1.3 of the 3.0 microseconds a payment took). Here a
     * level of every payment's chain is read before the next level of any (the account and merchant slots; then the
     * histories, stored ids and merchants; then the histories' arrays and places; then the places' entries), so the
     * misses of a level overlap. Changes nothing; a hint that finds nothing (a new account, a probe that would go on)
     * warms nothing.
     */
    public void prefetch(List<Payment> payments) {
        if (current == null) {
            return;
        }
        int n = payments.size();
        if (warmingHistories.length < n) {
            warmingHistories = new AccountHistory[n];
            warmingIds = new String[n];
            warmingMerchants = new MerchantHistory[n];
        }
        HistoryTable<AccountHistory> table = current.accounts;
        for (int i = 0; i < n; i++) {
            Payment payment = payments.get(i);
            warmingHistories[i] = table.likely(payment.accountId());
            warmingIds[i] = table.likelyId(payment.accountId());
            warmingMerchants[i] = merchants.likely(payment.merchantId());
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            AccountHistory history = warmingHistories[i];
            String id = warmingIds[i];
            MerchantHistory merchant = warmingMerchants[i];
            sum += (history == null ? 0 : history.warmFields()) + (id == null ? 0 : id.length())
                    + (merchant == null ? 0 : merchant.warm());
        }
        for (int i = 0; i < n; i++) {
            AccountHistory history = warmingHistories[i];
            if (history != null) {
                sum += history.warmArrays();
            }
        }
        for (int i = 0; i < n; i++) {
            AccountHistory history = warmingHistories[i];
            if (history != null) {
                sum += history.warmPlaces();
            }
        }
        Arrays.fill(warmingHistories, 0, n, null);
        Arrays.fill(warmingIds, 0, n, null);
        Arrays.fill(warmingMerchants, 0, n, null);
        warmed += sum;
    }

    public MerchantHistory merchant(String merchantId) {
        return merchants.getOrCreate(merchantId);
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
                    current.dirtyAccounts.add(payment.accountId());
                    // Evicted and back before the next checkpoint: its deletion must not follow its new state out.
                    if (!current.goneAccounts.isEmpty()) {
                        current.goneAccounts.remove(payment.accountId());
                    }
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

    /**
     * Bounds the accounts held: past {@code maxAccounts}, the least recently active are evicted down to 90 % of it
     * (so that eviction runs once per tenth of the budget, not at every new account).
     */
    public void budget(int maxAccounts) {
        if (maxAccounts < 1) {
            throw new IllegalArgumentException("the account budget must be at least 1, got " + maxAccounts);
        }
        this.maxAccounts = maxAccounts;
        enforceBudget();
    }

    /**
     * Bounds the merchants held (each is a history per partition that saw it, summed into one): past
     * {@code maxMerchants}, the least recently active are evicted down to 90 % of it, from every partition.
     */
    public void merchantBudget(int maxMerchants) {
        if (maxMerchants < 1) {
            throw new IllegalArgumentException("the merchant budget must be at least 1, got " + maxMerchants);
        }
        this.maxMerchants = maxMerchants;
        enforceMerchantBudget();
    }

    public int maxMerchants() {
        return maxMerchants;
    }

    public long merchantsEvictedForBudget() {
        return merchantsEvictedForBudget;
    }

    /** The account budget ({@link #budget}); {@link Integer#MAX_VALUE} when unbounded. */
    public int maxAccounts() {
        return maxAccounts;
    }

    public long evictedForBudget() {
        return evictedForBudget;
    }

    /** How long before the watermark the most recently active history evicted for the budget had last paid. */
    public long budgetEvictionAge() {
        return budgetEvictionAge;
    }

    /** Advances the watermark and, every so often, evicts histories that fell out of every window. */
    public void observed(long eventTime) {
        // Counting the accounts walks the partitions: once per 1,024 events is enough (the budget is exceeded by at
        // most that many new accounts between two looks) and keeps it off the per-payment cost.
        if ((++sinceBudgetCheck & 1023) == 0) {
            if (accounts() > maxAccounts) {
                enforceBudget();
            }
            if (merchants.size() > maxMerchants) {
                enforceMerchantBudget();
            }
        }
        if (eventTime > watermark) {
            watermark = eventTime;
            if (lastEviction == Long.MIN_VALUE) {
                lastEviction = eventTime;
            } else if (eventTime - lastEviction >= EVICTION_INTERVAL) {
                lastEviction = eventTime;
                evictIdle();
            }
        }
    }

    public void evictIdle() {
        long cutoff = watermark - AccountHistory.RETENTION;
        int before = accounts() + merchants.size();
        for (PartitionState held : partitions.values()) {
            held.accounts.removeIf((id, history) -> {
                boolean idle = history.latestTime() < cutoff;
                if (idle && checkpointed) {
                    // It may stay in dirtyAccounts: the snapshot skips ids no longer held.
                    held.goneAccounts.add(id);
                }
                return idle;
            });
            held.merchantParts.removeIf((id, part) -> {
                boolean idle = part.latestTime() < cutoff;
                if (idle && checkpointed) {
                    // It may stay in dirtyMerchants: the snapshot skips ids no longer held.
                    held.goneMerchants.add(id);
                }
                return idle;
            });
        }
        merchants.removeIf((id, merchant) -> merchant.latestTime() < cutoff);
        evicted += before - accounts() - merchants.size();
    }

    /**
     * Evicts the least recently active accounts until 90 % of the budget is held: the cut-off is the latest-event time
     * at that quantile of a sample of up to 8,192 histories (a sort of every history would cost what the budget saves).
     */
    void enforceBudget() {
        int held = accounts();
        if (held <= maxAccounts) {
            return;
        }
        int keep = (int) (maxAccounts * 0.9);
        CutoffSample sample = new CutoffSample(held);
        for (PartitionState partition : partitions.values()) {
            partition.accounts.forEach((id, history) -> sample.offer(history.latestTime()));
        }
        long cutoff = sample.cutoff(held, keep);
        int before = held;
        long[] newestEvicted = {Long.MIN_VALUE};
        for (PartitionState partition : partitions.values()) {
            partition.accounts.removeIf((id, history) -> {
                boolean old = history.latestTime() <= cutoff;
                if (old) {
                    newestEvicted[0] = Math.max(newestEvicted[0], history.latestTime());
                    if (checkpointed) {
                        partition.goneAccounts.add(id);
                    }
                }
                return old;
            });
        }
        int gone = before - accounts();
        evicted += gone;
        evictedForBudget += gone;
        if (gone > 0 && watermark != Long.MIN_VALUE) {
            budgetEvictionAge = Math.max(0, watermark - newestEvicted[0]);
        }
    }

    /**
     * Evicts the least recently active merchants until 90 % of the merchant budget is held, as {@link #enforceBudget}
     * does for accounts: the summed history and every partition's part go, the parts as checkpoint deletions.
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
        for (PartitionState partition : partitions.values()) {
            partition.merchantParts.removeIf((id, part) -> {
                boolean old = gone.contains(id);
                if (old && checkpointed) {
                    partition.goneMerchants.add(id);
                }
                return old;
            });
        }
        merchantsEvictedForBudget += gone.size();
        evicted += gone.size();
    }

    // ---- checkpoints -------------------------------------------------------------------------------------------

    /**
     * What changed in a partition since its last snapshot, as checkpoint records (null values delete evicted
     * histories), together with the offset the state has reached; the change tracking starts over.
     */
    public PartitionSnapshot snapshot(int partition) {
        PartitionState held = partitions.get(partition);
        Map<String, byte[]> records = new LinkedHashMap<>();
        StateCodec.Encoder encoder = new StateCodec.Encoder();
        for (String id : held.dirtyAccounts) {
            AccountHistory account = held.accounts.get(id);
            // Null when evicted since; unmarked when listed twice (evicted, then back).
            if (account != null && account.unmarkChanged()) {
                records.put(ACCOUNT_KEY + id, encoder.encode(account));
            }
        }
        for (String id : held.dirtyMerchants) {
            MerchantHistory part = held.merchantParts.get(id);
            if (part != null && part.unmarkChanged()) {
                records.put(MERCHANT_KEY + id, encoder.encode(part));
            }
        }
        held.goneAccounts.forEach(id -> records.put(ACCOUNT_KEY + id, null));
        held.goneMerchants.forEach(id -> records.put(MERCHANT_KEY + id, null));
        held.unreadable.forEach(key -> records.putIfAbsent(key, null));
        held.clearChanges();
        return new PartitionSnapshot(partition, held.nextOffset, watermark, records);
    }

    /** True if histories of the partition changed (or were evicted) since its last snapshot. */
    public boolean changed(int partition) {
        PartitionState held = partitions.get(partition);
        return held != null && !(held.dirtyAccounts.isEmpty() && held.dirtyMerchants.isEmpty()
                && held.goneAccounts.isEmpty() && held.goneMerchants.isEmpty() && held.unreadable.isEmpty());
    }

    /** Marks histories as changed again (their checkpoint failed): the next snapshot writes them as they are then. */
    public void changedAgain(PartitionSnapshot failed) {
        PartitionState held = partitions.get(failed.partition());
        if (held == null) {
            return;
        }
        for (String key : failed.records().keySet()) {
            if (!key.startsWith(ACCOUNT_KEY) && !key.startsWith(MERCHANT_KEY)) {
                held.unreadable.add(key);
                continue;
            }
            boolean account = key.startsWith(ACCOUNT_KEY);
            String id = key.substring(account ? ACCOUNT_KEY.length() : MERCHANT_KEY.length());
            if (account) {
                AccountHistory history = held.accounts.get(id);
                if (history == null) {
                    held.goneAccounts.add(id);
                } else if (history.markChanged()) {
                    held.dirtyAccounts.add(id);
                }
            } else {
                MerchantHistory part = held.merchantParts.get(id);
                if (part == null) {
                    held.goneMerchants.add(id);
                } else if (part.markChanged()) {
                    held.dirtyMerchants.add(id);
                }
            }
        }
    }

    public Set<Integer> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    // ---- size --------------------------------------------------------------------------------------------------

    public int accounts() {
        int total = 0;
        for (PartitionState held : partitions.values()) {
            total += held.accounts.size();
        }
        return total;
    }

    public int merchants() {
        return merchants.size();
    }

    public long evicted() {
        return evicted;
    }

    /**
     * The latest-event time at or below which evicting leaves about {@code keep} of {@code held} histories, from a
     * sample of up to 8,192 of them (a sort of every history would cost what the budget saves).
     */
    private static final class CutoffSample {
        private final int stride;
        private final long[] sample;
        private int sampled;
        private int seen;

        CutoffSample(int held) {
            stride = Math.max(1, held / 8_192);
            sample = new long[Math.min(held, 8_192) + 1];
        }

        void offer(long latestTime) {
            if (seen++ % stride == 0 && sampled < sample.length) {
                sample[sampled++] = latestTime;
            }
        }

        long cutoff(int held, int keep) {
            long[] times = Arrays.copyOf(sample, sampled);
            Arrays.sort(times);
            return times[Math.min(times.length - 1, (int) ((long) times.length * (held - keep) / held))];
        }
    }

    private static final class PartitionState {
        final int partition;
        long nextOffset;
        final HistoryTable<AccountHistory> accounts = new HistoryTable<>(AccountHistory::new);
        final HistoryTable<MerchantHistory> merchantParts = new HistoryTable<>(MerchantHistory::new);
        /**
         * Accounts changed since the last snapshot, each listed once by its history's changed mark (a hash-set add per
         * event was a cache miss in a table as large as the number of accounts).
         */
        final List<String> dirtyAccounts = new ArrayList<>();
        /** Merchants changed since the last snapshot, each listed once by its part's changed mark. */
        final List<String> dirtyMerchants = new ArrayList<>();
        final Set<String> goneAccounts = new HashSet<>();
        final Set<String> goneMerchants = new HashSet<>();
        final Set<String> unreadable = new HashSet<>();

        PartitionState(int partition, long nextOffset) {
            this.partition = partition;
            this.nextOffset = nextOffset;
        }

        /** The partition's part of a merchant's history, to be changed now: it goes into the next snapshot. */
        MerchantHistory changingMerchantPart(String merchantId) {
            MerchantHistory part = merchantParts.getOrCreate(merchantId);
            if (part.markChanged()) {
                dirtyMerchants.add(merchantId);
                // Evicted and back before the next checkpoint: its deletion must not follow its new state out.
                if (!goneMerchants.isEmpty()) {
                    goneMerchants.remove(merchantId);
                }
            }
            return part;
        }

        void clearChanges() {
            dirtyAccounts.clear();
            dirtyMerchants.clear();
            goneAccounts.clear();
            goneMerchants.clear();
            unreadable.clear();
        }
    }
}
