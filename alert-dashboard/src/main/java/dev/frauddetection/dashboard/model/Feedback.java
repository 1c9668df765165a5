package dev.frauddetection.dashboard.model;

/** Where the feedback of a triage stands. */
public enum Feedback {
    /** Not yet accepted by ingest-service (it was unreachable); retrying the same triage sends it again. */
    PENDING,
    /** ingest-service recorded the chargeback: Debezium carries it to the detector. */
    CHARGEBACK_RECORDED,
    /** ingest-service refused the chargeback (the payment was reversed or deleted); the detail says why. */
    REJECTED,
    /** A false positive changes nothing upstream. */
    NOT_APPLICABLE
}
