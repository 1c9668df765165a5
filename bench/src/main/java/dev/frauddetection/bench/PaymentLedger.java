package dev.frauddetection.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Every payment this run wrote, by sequence number: when its commit returned, whether it was written to look like
 * fraud, and how often its verdict and its alert came back. Transaction ids are {@code new UUID(run, sequence)}, so a
 * verdict of an earlier run (or any other writer) is recognised and ignored, and lookups need no map.
 */
final class PaymentLedger {

    private final long run;
    private final AtomicLongArray committedAt;
    private final AtomicLongArray committedAtMillis;
    private final AtomicIntegerArray verdicts;
    private final AtomicIntegerArray alerts;
    private final AtomicLong next = new AtomicLong();
    private final double fraudShare;
    private final List<Phase> phases = new ArrayList<>();
    private final AtomicLong strayVerdicts = new AtomicLong();

    PaymentLedger(long run, int capacity, double fraudShare) {
        this.run = run;
        this.committedAt = new AtomicLongArray(capacity);
        this.committedAtMillis = new AtomicLongArray(capacity);
        this.verdicts = new AtomicIntegerArray(capacity);
        this.alerts = new AtomicIntegerArray(capacity);
        this.fraudShare = fraudShare;
    }

    /** One rate step: the sequence numbers it wrote and the latencies of their verdicts and alerts. */
    static final class Phase {
        final String name;
        final long firstSeq;
        volatile long endSeq = Long.MAX_VALUE;
        final Histogram toVerdict = new ConcurrentHistogram(3_600_000_000L, 3);
        final Histogram toAlert = new ConcurrentHistogram(3_600_000_000L, 3);
        /** Wall clock, millisecond resolution: commit to the detector's decided_at, and decided_at to arrival here. */
        final Histogram toDecision = new ConcurrentHistogram(3_600_000_000L, 3);
        final Histogram decisionToArrival = new ConcurrentHistogram(3_600_000_000L, 3);
        /** Commit to the change event's arrival here from payments.public.transactions: Debezium and Kafka's share. */
        final Histogram toChangeEvent = new ConcurrentHistogram(3_600_000_000L, 3);
        final AtomicLong verdicts = new AtomicLong();
        final AtomicLong duplicateVerdicts = new AtomicLong();
        final AtomicLong alerts = new AtomicLong();
        final AtomicLong duplicateAlerts = new AtomicLong();
        final AtomicLong alertsOnLegit = new AtomicLong();

        Phase(String name, long firstSeq) {
            this.name = name;
            this.firstSeq = firstSeq;
        }
    }

    synchronized Phase beginPhase(String name) {
        Phase phase = new Phase(name, next.get());
        phases.add(phase);
        return phase;
    }

    void endPhase(Phase phase) {
        phase.endSeq = next.get();
    }

    long written() {
        return next.get();
    }

    int capacity() {
        return committedAt.length();
    }

    /** Reserves n sequence numbers for one batch; fails when the run's capacity is exhausted. */
    long reserve(int n) {
        long first = next.getAndAdd(n);
        if (first + n > committedAt.length()) {
            throw new IllegalStateException("The run wrote more payments than its ledger holds (" + committedAt.length() + ")");
        }
        return first;
    }

    UUID id(long seq) {
        return new UUID(run, seq);
    }

    /** Deterministic per sequence number, so the writer and the checks agree without sharing state. */
    boolean looksLikeFraud(long seq) {
        if (fraudShare <= 0) {
            return false;
        }
        long every = Math.max(1, Math.round(1 / fraudShare));
        return seq % every == every / 2;
    }

    void committed(long firstSeq, int n, long nanos, long millis) {
        for (int i = 0; i < n; i++) {
            committedAtMillis.set((int) (firstSeq + i), millis);
            committedAt.set((int) (firstSeq + i), nanos);
        }
    }

    /** A verdict record arrived; returns false if it is not one of this run's payments. */
    boolean verdict(String transactionId, long receivedNanos, long decidedAtMillis, long receivedMillis) {
        long seq = sequenceOf(transactionId);
        if (seq < 0) {
            strayVerdicts.incrementAndGet();
            return false;
        }
        Phase phase = phaseOf(seq);
        if (verdicts.getAndIncrement((int) seq) > 0) {
            phase.duplicateVerdicts.incrementAndGet();
            return true;
        }
        phase.verdicts.incrementAndGet();
        record(phase.toVerdict, seq, receivedNanos);
        long committedMillis = committedAtMillis.get((int) seq);
        if (decidedAtMillis > 0 && committedMillis > 0) {
            phase.toDecision.recordValue(Math.max(0, decidedAtMillis - committedMillis) * 1000);
            phase.decisionToArrival.recordValue(Math.max(0, receivedMillis - decidedAtMillis) * 1000);
        }
        return true;
    }

    void changeEvent(String transactionId, long receivedNanos) {
        long seq = sequenceOf(transactionId);
        if (seq >= 0) {
            record(phaseOf(seq).toChangeEvent, seq, receivedNanos);
        }
    }

    void alert(String transactionId, long receivedNanos) {
        long seq = sequenceOf(transactionId);
        if (seq < 0) {
            return;
        }
        Phase phase = phaseOf(seq);
        if (alerts.getAndIncrement((int) seq) > 0) {
            phase.duplicateAlerts.incrementAndGet();
            return;
        }
        phase.alerts.incrementAndGet();
        if (!looksLikeFraud(seq)) {
            phase.alertsOnLegit.incrementAndGet();
        }
        record(phase.toAlert, seq, receivedNanos);
    }

    long expectedAlerts(Phase phase) {
        long n = 0;
        for (long seq = phase.firstSeq; seq < Math.min(phase.endSeq, next.get()); seq++) {
            if (looksLikeFraud(seq)) {
                n++;
            }
        }
        return n;
    }

    private void record(Histogram histogram, long seq, long receivedNanos) {
        long committed = committedAt.get((int) seq);
        if (committed != 0) {
            histogram.recordValue(Math.max(0, (receivedNanos - committed) / 1000));
        }
    }

    private long sequenceOf(String transactionId) {
        try {
            UUID id = UUID.fromString(transactionId);
            long seq = id.getLeastSignificantBits();
            return id.getMostSignificantBits() == run && seq >= 0 && seq < next.get() ? seq : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private synchronized Phase phaseOf(long seq) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (seq >= phases.get(i).firstSeq) {
                return phases.get(i);
            }
        }
        return phases.getFirst();
    }
}
