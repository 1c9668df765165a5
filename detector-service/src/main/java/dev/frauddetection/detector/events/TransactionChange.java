package dev.frauddetection.detector.events;

import java.time.Instant;

/**
 * One decoded Debezium change event of the transactions table.
 *
 * @param operation   what happened to the row
 * @param before      the row before an update or delete (null for inserts and snapshot reads)
 * @param after       the row after an insert, snapshot read or update (null for deletes)
 * @param committedAt when PostgreSQL committed the change (Debezium's source.ts_ms): the start of verdict latency
 */
public record TransactionChange(Operation operation, PaymentTransaction before, PaymentTransaction after,
                                Instant committedAt) {

    public enum Operation {
        /** A new payment (Debezium op "c"). */
        INSERT,
        /** A row read by the connector's initial snapshot (op "r"): a payment the detector has not seen yet. */
        SNAPSHOT,
        /** A status change, such as a settlement or a chargeback (op "u"). */
        UPDATE,
        /** A payment removed from the table (op "d"). */
        DELETE
    }

    /** Inserts and snapshot reads are new payments to score; updates and deletes are feedback about old ones. */
    public boolean isNewPayment() {
        return operation == Operation.INSERT || operation == Operation.SNAPSHOT;
    }

    /** An update that turned the payment into a chargeback: the bank confirmed it was fraud. */
    public boolean isNewChargeback() {
        return operation == Operation.UPDATE && "CHARGEBACK".equals(after.status())
                && (before == null || !"CHARGEBACK".equals(before.status()));
    }

    /** The row this change is about: the new image, or for a delete the old one. */
    public PaymentTransaction row() {
        return after != null ? after : before;
    }
}
