package dev.frauddetection.detector.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source partition this instance holds: the histories of its accounts, its share of each merchant's history, the
 * next source offset its state has not seen, and what changed since its last checkpoint.
 */
final class HeldPartition {

    final int partition;
    long nextOffset;
    final HistoryTable<AccountHistory> accounts = new HistoryTable<>(AccountHistory::new);
    final HistoryTable<MerchantHistory> merchantParts = new HistoryTable<>(MerchantHistory::new);
    final PartitionChanges changes = new PartitionChanges();

    HeldPartition(int partition, long nextOffset) {
        this.partition = partition;
        this.nextOffset = nextOffset;
    }

    /** The partition's part of a merchant's history, to be changed now: it goes into the next snapshot. */
    MerchantHistory changingMerchantPart(String merchantId) {
        MerchantHistory part = merchantParts.getOrCreate(merchantId);
        if (part.markChanged()) {
            changes.merchantChanged(merchantId);
        }
        return part;
    }

    /**
     * What changed since the last snapshot, as checkpoint records (null values delete evicted histories), with the
     * offset reached and the watermark; the change tracking starts over.
     */
    PartitionSnapshot snapshot(long watermark) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        StateCodec.Encoder encoder = new StateCodec.Encoder();
        for (String id : changes.dirtyAccounts) {
            AccountHistory account = accounts.get(id);
            // Null when evicted since; unmarked when listed twice (evicted, then back).
            if (account != null && account.unmarkChanged()) {
                records.put(StateCodec.accountKey(id), encoder.encode(account));
            }
        }
        for (String id : changes.dirtyMerchants) {
            MerchantHistory part = merchantParts.get(id);
            if (part != null && part.unmarkChanged()) {
                records.put(StateCodec.merchantKey(id), encoder.encode(part));
            }
        }
        changes.goneAccounts.forEach(id -> records.put(StateCodec.accountKey(id), null));
        changes.goneMerchants.forEach(id -> records.put(StateCodec.merchantKey(id), null));
        changes.unreadable.forEach(key -> records.putIfAbsent(key, null));
        changes.clear();
        return new PartitionSnapshot(partition, nextOffset, watermark, records);
    }

    /** Marks the histories of a failed snapshot as changed again: the next snapshot writes them as they are then. */
    void changedAgain(PartitionSnapshot failed) {
        for (String key : failed.records().keySet()) {
            if (StateCodec.isAccountKey(key)) {
                String id = StateCodec.idOf(key);
                AccountHistory history = accounts.get(id);
                if (history == null) {
                    changes.goneAccounts.add(id);
                } else if (history.markChanged()) {
                    changes.dirtyAccounts.add(id);
                }
            } else if (StateCodec.isMerchantKey(key)) {
                String id = StateCodec.idOf(key);
                MerchantHistory part = merchantParts.get(id);
                if (part == null) {
                    changes.goneMerchants.add(id);
                } else if (part.markChanged()) {
                    changes.dirtyMerchants.add(id);
                }
            } else {
                changes.unreadable.add(key);
            }
        }
    }
}
