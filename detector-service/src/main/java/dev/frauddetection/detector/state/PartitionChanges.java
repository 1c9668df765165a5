package dev.frauddetection.detector.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What changed in a held partition since its last checkpoint: histories to write and checkpoint records to delete. */
final class PartitionChanges {

    /**
     * Accounts changed since the last snapshot, each listed once by its history's changed mark (a hash-set add per
     * event was a cache miss in a table as large as the number of accounts).
     */
    final List<String> dirtyAccounts = new ArrayList<>();
    /** Merchants changed since the last snapshot, each listed once by its part's changed mark. */
    final List<String> dirtyMerchants = new ArrayList<>();
    /** Evicted since the last snapshot: their records are deleted. */
    final Set<String> goneAccounts = new HashSet<>();
    final Set<String> goneMerchants = new HashSet<>();
    /** Checkpoint keys that could not be read when the partition was adopted: deleted with the next snapshot. */
    final Set<String> unreadable = new HashSet<>();

    void accountChanged(String accountId) {
        dirtyAccounts.add(accountId);
        // Evicted and back before the next checkpoint: its deletion must not follow its new state out.
        if (!goneAccounts.isEmpty()) {
            goneAccounts.remove(accountId);
        }
    }

    void merchantChanged(String merchantId) {
        dirtyMerchants.add(merchantId);
        if (!goneMerchants.isEmpty()) {
            goneMerchants.remove(merchantId);
        }
    }

    boolean isEmpty() {
        return dirtyAccounts.isEmpty() && dirtyMerchants.isEmpty() && goneAccounts.isEmpty() && goneMerchants.isEmpty()
                && unreadable.isEmpty();
    }

    void clear() {
        dirtyAccounts.clear();
        dirtyMerchants.clear();
        goneAccounts.clear();
        goneMerchants.clear();
        unreadable.clear();
    }
}
