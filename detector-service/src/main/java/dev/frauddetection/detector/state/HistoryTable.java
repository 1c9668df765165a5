package dev.frauddetection.detector.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Histories by id (accounts' or merchants'), in three parallel arrays (each id's spread hash, the id, its history)
 * searched by linear probing, instead of a {@code HashMap}. Over 100,000 accounts most payments find their account
 * out of the CPU's caches, and a map entry made that a chain of dependent misses (table, entry, history). Here the
 * slot follows from the id alone, so {@link #likely} can look a whole batch of accounts up at once, their misses
 * overlapping, before the batch is judged (see {@link DetectorState#prefetch}). Not thread-safe, like the state it
 * belongs to; {@link #size} may be read by a gauge.
 *
 * @param <H> the history kept per id
 */
final class HistoryTable<H> {

    private static final int INITIAL_CAPACITY = 16;

    private int[] hashes;
    /** Null marks an empty slot. */
    private String[] ids;
    private Object[] histories;
    private int mask;
    private volatile int size;
    private final Supplier<H> create;

    /** {@code create} makes the empty history of an id seen for the first time. */
    HistoryTable(Supplier<H> create) {
        this.create = create;
        allocate(INITIAL_CAPACITY);
    }

    int size() {
        return size;
    }

    H get(String id) {
        int slot = slotOf(id, spread(id));
        return ids[slot] == null ? null : history(slot);
    }

    /** The id's history, created empty if there is none. */
    H getOrCreate(String id) {
        int hash = spread(id);
        int slot = slotOf(id, hash);
        if (ids[slot] != null) {
            return history(slot);
        }
        H created = create.get();
        insert(slot, hash, id, created);
        return created;
    }

    void put(String id, H history) {
        int hash = spread(id);
        int slot = slotOf(id, hash);
        if (ids[slot] != null) {
            histories[slot] = history;
        } else {
            insert(slot, hash, id, history);
        }
    }

    void remove(String id) {
        int slot = slotOf(id, spread(id));
        if (ids[slot] != null) {
            delete(slot);
        }
    }

    /** Removes the histories the test picks (ids first, then removal: deleting shifts entries the scan has not seen). */
    void removeIf(BiPredicate<String, H> test) {
        List<String> picked = new ArrayList<>();
        forEach((id, history) -> {
            if (test.test(id, history)) {
                picked.add(id);
            }
        });
        picked.forEach(this::remove);
    }

    void forEach(BiConsumer<String, H> action) {
        for (int slot = 0; slot < ids.length; slot++) {
            if (ids[slot] != null) {
                action.accept(ids[slot], history(slot));
            }
        }
    }

    void clear() {
        allocate(INITIAL_CAPACITY);
        size = 0;
    }

    /**
     * The history in the slot where the id's search starts, if that slot holds an id of the same hash: a hint, read
     * without comparing ids or probing further (either would wait for another miss), so it can be wrong or null.
     * Callers warm caches with it and never use it as the answer.
     */
    H likely(String id) {
        int hash = spread(id);
        int slot = hash & mask;
        return hashes[slot] == hash ? history(slot) : null;
    }

    /** The id stored in the slot where this id's search starts (null if empty): comparing them will read its chars. */
    String likelyId(String id) {
        return ids[spread(id) & mask];
    }

    /** String's own hash (cached in the string), its bits mixed so that ids differing only at the end spread apart. */
    private static int spread(String id) {
        int h = id.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The id's slot, or the empty slot where its search ended (where it would be inserted). */
    private int slotOf(String id, int hash) {
        int slot = hash & mask;
        while (ids[slot] != null && !(hashes[slot] == hash && ids[slot].equals(id))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    @SuppressWarnings("unchecked")
    private H history(int slot) {
        return (H) histories[slot];
    }

    private void insert(int slot, int hash, String id, H history) {
        hashes[slot] = hash;
        ids[slot] = id;
        histories[slot] = history;
        size++;
        // At most half full: probes stay short, and a miss usually ends at the first empty slot.
        if (size * 2 > ids.length) {
            rehash(ids.length * 2);
        }
    }

    /** Backward-shift deletion: later entries of the run move into the hole if their search passes it. */
    private void delete(int slot) {
        int hole = slot;
        for (int next = (hole + 1) & mask; ids[next] != null; next = (next + 1) & mask) {
            int home = hashes[next] & mask;
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                hashes[hole] = hashes[next];
                ids[hole] = ids[next];
                histories[hole] = histories[next];
                hole = next;
            }
        }
        hashes[hole] = 0;
        ids[hole] = null;
        histories[hole] = null;
        size--;
    }

    private void rehash(int capacity) {
        int[] oldHashes = hashes;
        String[] oldIds = ids;
        Object[] oldHistories = histories;
        allocate(capacity);
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != null) {
                int slot = oldHashes[i] & mask;
                while (ids[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                ids[slot] = oldIds[i];
                histories[slot] = oldHistories[i];
            }
        }
    }

    private void allocate(int capacity) {
        hashes = new int[capacity];
        ids = new String[capacity];
        histories = new Object[capacity];
        mask = capacity - 1;
    }
}
