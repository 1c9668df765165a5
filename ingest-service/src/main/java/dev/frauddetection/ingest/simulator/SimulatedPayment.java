package dev.frauddetection.ingest.simulator;

import dev.frauddetection.ingest.model.Transaction;

import java.time.Instant;

/**
 * A generated payment with its ground truth: the fraud scenario it belongs to (null for a genuine payment) and when
 * the bank will learn of it through a chargeback (null if never).
 */
public record SimulatedPayment(Transaction transaction, FraudScenario scenario, Instant chargebackDue, long sequence)
        implements Comparable<SimulatedPayment> {

    public Instant at() {
        return transaction.createdAt().toInstant();
    }

    public boolean isFraud() {
        return scenario != null;
    }

    /** Time order; ties broken by generation order, so the sequence is the same on every run. */
    @Override
    public int compareTo(SimulatedPayment other) {
        int byTime = at().compareTo(other.at());
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
