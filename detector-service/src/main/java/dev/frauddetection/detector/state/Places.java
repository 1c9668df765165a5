package dev.frauddetection.detector.state;

import java.util.Arrays;

/**
 * Up to {@value AccountHistory#MAX_PLACES} names (hashes) with first and last use; the least recently used is forgotten first.
 * One array of (name, first, last) triples rather than an array per field: a lookup reads one block, and an
 * account out of the CPU's caches waits for one array instead of three (and carries two array headers less).
 */
final class Places {
    private static final int NAME = 0;
    private static final int FIRST = 1;
    private static final int LAST = 2;
    static final int ENTRY = 3;

    long[] entries = new long[2 * ENTRY];
    int size;

    /** A word of every cache line of the entries, for {@link AccountHistory#warmPlaces}. */
    long warm() {
        long x = size;
        long[] e = entries;
        for (int i = 0, n = size * ENTRY; i < n; i += AccountHistory.LONGS_PER_LINE) {
            x += e[i];
        }
        return x;
    }

    void see(long name, long time) {
        if (name == 0) {
            return;
        }
        for (int i = 0, n = size * ENTRY; i < n; i += ENTRY) {
            if (entries[i + NAME] == name) {
                entries[i + FIRST] = Math.min(entries[i + FIRST], time);
                entries[i + LAST] = Math.max(entries[i + LAST], time);
                return;
            }
        }
        if (size == AccountHistory.MAX_PLACES) {
            int oldest = 0;
            for (int i = ENTRY, n = size * ENTRY; i < n; i += ENTRY) {
                if (entries[i + LAST] < entries[oldest + LAST]) {
                    oldest = i;
                }
            }
            set(oldest, name, time, time);
            return;
        }
        if (size * ENTRY == entries.length) {
            entries = Arrays.copyOf(entries, Math.min(AccountHistory.MAX_PLACES, size * 2) * ENTRY);
        }
        set(size * ENTRY, name, time, time);
        size++;
    }

    private void set(int at, long name, long first, long last) {
        entries[at + NAME] = name;
        entries[at + FIRST] = first;
        entries[at + LAST] = last;
    }

    boolean usedBefore(long name, long t, long notBefore) {
        for (int i = 0, n = size * ENTRY; i < n; i += ENTRY) {
            if (entries[i + NAME] == name) {
                return entries[i + FIRST] < t && entries[i + LAST] >= notBefore;
            }
        }
        return false;
    }

    int activeIn(long from, long to) {
        int count = 0;
        for (int i = 0, n = size * ENTRY; i < n; i += ENTRY) {
            if (entries[i + FIRST] < to && entries[i + LAST] >= from) {
                count++;
            }
        }
        return count;
    }
}
