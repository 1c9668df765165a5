package dev.frauddetection.ingest.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a payment. An authorisation is settled or reversed; a settled (or, in some schemes, still authorised)
 * payment can be charged back, which is how a bank confirms fraud. Reversed and charged-back payments are final.
 */
public enum TransactionStatus {
    AUTHORIZED, SETTLED, REVERSED, CHARGEBACK;

    /** The statuses a payment may be in for a change to this one to be legal. */
    public Set<TransactionStatus> allowedPredecessors() {
        return switch (this) {
            case AUTHORIZED -> EnumSet.noneOf(TransactionStatus.class);
            case SETTLED, REVERSED -> EnumSet.of(AUTHORIZED);
            case CHARGEBACK -> EnumSet.of(AUTHORIZED, SETTLED);
        };
    }
}
