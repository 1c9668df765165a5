package dev.frauddetection.dashboard.aggregates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and sums per key over a sliding window of wall-clock time, in {@value #BUCKETS} buckets: adding is O(1),
 * and as time moves on whole buckets are subtracted from the running totals, so the cost does not grow with the
 * transaction rate. Sums are fixed-point longs per unit (hundredths of a currency, say), never floating point.
 * Not thread-safe: {@link LiveAggregates} serialises access.
 *
 * <p>Bounded whatever the input: at most {@code maxKeys} keys are tracked at once; beyond that a new key counts under
 * {@link #OTHER} until keys fall out of the window. Bank and merchant ids come from whoever writes payments, so without
 * the bound a writer inventing ids could grow the dashboard's memory and every snapshot it sends.
 */
final class SlidingTotals {

    static final int BUCKETS = 60;
    /** The key everything beyond the tracked keys (and beyond the top N of a snapshot) counts under. */
    static final String OTHER = "(other)";

    /** A key's totals: how many, and the sum per unit (currency), plus a display label (merchant name). */
    static final class Cell {
        long count;
        final Map<String, Long> sums = new HashMap<>(2);
        String label;

        void add(long n, String unit, long amount) {
            count += n;
            if (unit != null) {
                sums.merge(unit, amount, Long::sum);
            }
        }

        void subtract(Cell other) {
            count -= other.count;
            other.sums.forEach((unit, amount) -> sums.merge(unit, -amount, Long::sum));
            sums.values().removeIf(v -> v == 0);
        }

        long sum(String unit) {
            return sums.getOrDefault(unit, 0L);
        }
    }

    /** A key and its totals, detached from the window. */
    record Entry(String key, String label, long count, Map<String, Long> sums) {
    }

    private final long bucketMillis;
    private final Duration window;
    @SuppressWarnings("unchecked")
    private final Map<String, Cell>[] buckets = new Map[BUCKETS];
    private final Map<String, Cell> totals = new HashMap<>();
    private final int maxKeys;
    private long head = Long.MIN_VALUE;

    SlidingTotals(Duration window) {
        this(window, 10_000);
    }

    SlidingTotals(Duration window, int maxKeys) {
        this.window = window;
        this.maxKeys = maxKeys;
        this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new HashMap<>();
        }
    }

    Duration window() {
        return window;
    }

    void add(long nowMillis, String key, String label, long n, String unit, long amount) {
        advance(nowMillis);
        if (totals.size() >= maxKeys && !totals.containsKey(key)) {
            key = OTHER;
            label = null;
        }
        int slot = (int) Math.floorMod(head, (long) BUCKETS);
        buckets[slot].computeIfAbsent(key, k -> new Cell()).add(n, unit, amount);
        Cell total = totals.computeIfAbsent(key, k -> new Cell());
        total.add(n, unit, amount);
        if (label != null) {
            total.label = label;
        }
    }

    /** Moves the window to {@code nowMillis}, forgetting the buckets that fell out of it. */
    void advance(long nowMillis) {
        long current = Math.floorDiv(nowMillis, bucketMillis);
        if (head == Long.MIN_VALUE || current <= head) {
            head = Math.max(head, current);
            return;
        }
        long steps = Math.min(BUCKETS, current - head);
        for (long i = 1; i <= steps; i++) {
            expire((int) Math.floorMod(head + i, (long) BUCKETS));
        }
        head = current;
    }

    private void expire(int slot) {
        Map<String, Cell> bucket = buckets[slot];
        bucket.forEach((key, cell) -> {
            Cell total = totals.get(key);
            if (total != null) {
                total.subtract(cell);
                if (total.count <= 0 && total.sums.isEmpty()) {
                    totals.remove(key);
                }
            }
        });
        bucket.clear();
    }

    /** The {@code n} keys with the highest count (ties: larger total sum first), as of {@code nowMillis}. */
    List<Entry> top(long nowMillis, int n, Comparator<Cell> order) {
        advance(nowMillis);
        List<Map.Entry<String, Cell>> all = new ArrayList<>(totals.entrySet());
        all.sort(Map.Entry.comparingByValue(order));
        List<Entry> out = new ArrayList<>(Math.min(n, all.size()));
        for (int i = 0; i < all.size() && out.size() < n; i++) {
            Map.Entry<String, Cell> e = all.get(i);
            out.add(new Entry(e.getKey(), e.getValue().label, e.getValue().count, new TreeMap<>(e.getValue().sums)));
        }
        return out;
    }

    /**
     * The {@code n} first keys in {@code order}, and one more entry, {@link #OTHER}, adding up all the rest (and
     * whatever was counted under it already), so the totals of a snapshot still add up to the window's.
     */
    List<Entry> topAndOther(long nowMillis, int n, Comparator<Cell> order) {
        List<Entry> all = top(nowMillis, Integer.MAX_VALUE, order);
        List<Entry> top = new ArrayList<>(all.stream().filter(e -> !OTHER.equals(e.key())).limit(n).toList());
        java.util.Set<String> shown = new java.util.HashSet<>();
        top.forEach(e -> shown.add(e.key()));
        long count = 0;
        Map<String, Long> sums = new TreeMap<>();
        for (Entry e : all) {
            if (!shown.contains(e.key())) {
                count += e.count();
                e.sums().forEach((unit, sum) -> sums.merge(unit, sum, Long::sum));
            }
        }
        if (count > 0) {
            top.add(new Entry(OTHER, "all others", count, sums));
        }
        return top;
    }

    /** One key's totals, or null when it had nothing in the window (call {@link #advance} first). */
    Entry get(String key) {
        Cell cell = totals.get(key);
        return cell == null ? null : new Entry(key, cell.label, cell.count, new TreeMap<>(cell.sums));
    }

    static Comparator<Cell> byCount() {
        return Comparator.<Cell>comparingLong(c -> c.count).reversed();
    }

    static Comparator<Cell> bySum(String unit) {
        return Comparator.<Cell>comparingLong(c -> c.sum(unit)).thenComparingLong(c -> c.count).reversed();
    }

    int keys() {
        return totals.size();
    }
}
