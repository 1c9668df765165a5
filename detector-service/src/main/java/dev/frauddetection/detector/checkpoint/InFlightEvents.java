package dev.frauddetection.detector.checkpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Source events whose effects (verdict records, stored alert, dead letter) are not yet acknowledged, by partition. A
 * checkpoint that resumes from offset n may be written only once every event before n is done: otherwise a crash
 * right after it would skip an event whose verdict or alert never made it out.
 */
public final class InFlightEvents {

    private final Map<Integer, ConcurrentSkipListSet<Long>> byPartition = new ConcurrentHashMap<>();

    public void started(int partition, long offset) {
        byPartition.computeIfAbsent(partition, p -> new ConcurrentSkipListSet<>()).add(offset);
    }

    public void finished(int partition, long offset) {
        ConcurrentSkipListSet<Long> pending = byPartition.get(partition);
        if (pending != null) {
            pending.remove(offset);
        }
    }

    /** True when no event of the partition before {@code offset} is still pending. */
    public boolean doneBefore(int partition, long offset) {
        ConcurrentSkipListSet<Long> pending = byPartition.get(partition);
        if (pending == null) {
            return true;
        }
        Long first = pending.ceiling(Long.MIN_VALUE);
        return first == null || first >= offset;
    }

    /** The partition is gone: what was pending there is its new owner's to replay. */
    public void forget(int partition) {
        byPartition.remove(partition);
    }
}
