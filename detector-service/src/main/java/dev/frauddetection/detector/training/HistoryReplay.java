package dev.frauddetection.detector.training;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.training.HistoryCsv.Label;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Walks a history in event time through a scoring engine, feeding each known fraud back as a chargeback once its
 * known_at has passed, so that merchant risk at any moment uses only what the bank knew then.
 */
public final class HistoryReplay {

    private record Feedback(long knownAt, String merchantId) {
    }

    /** Payments whose histories are brought into cache together (ScoringBenchmark measures the gain). */
    static final int PREFETCH = 32;

    private HistoryReplay() {
    }

    public static void run(List<Payment> payments, Map<String, Label> labels, ScoringEngine engine, Consumer<Payment> step) {
        run(payments, labels, null, engine, step);
    }

    /**
     * As {@link #run(List, Map, ScoringEngine, Consumer)}; a fraud whose label does not say when it became known is
     * taken as known {@code labelDelayMillis} after its payment (null: never reported, so never feedback).
     */
    public static void run(List<Payment> payments, Map<String, Label> labels, Long labelDelayMillis,
                           ScoringEngine engine, Consumer<Payment> step) {
        PriorityQueue<Feedback> pending = new PriorityQueue<>((a, b) -> Long.compare(a.knownAt(), b.knownAt()));
        Map<String, Boolean> scheduled = new HashMap<>();
        for (int i = 0; i < payments.size(); i++) {
            if (i % PREFETCH == 0) {
                engine.prefetch(payments.subList(i, Math.min(i + PREFETCH, payments.size())));
            }
            Payment payment = payments.get(i);
            while (!pending.isEmpty() && pending.peek().knownAt() <= payment.time()) {
                Feedback feedback = pending.poll();
                engine.chargeback(feedback.merchantId(), feedback.knownAt());
            }
            step.accept(payment);
            Label label = labels.get(payment.id());
            Long knownAt = label == null ? null : label.knownAt() != null ? label.knownAt()
                    : labelDelayMillis == null ? null : payment.time() + labelDelayMillis;
            if (label != null && label.fraud() && knownAt != null && scheduled.putIfAbsent(payment.id(), true) == null) {
                pending.add(new Feedback(Math.max(knownAt, payment.time()), payment.merchantId()));
            }
        }
    }
}
