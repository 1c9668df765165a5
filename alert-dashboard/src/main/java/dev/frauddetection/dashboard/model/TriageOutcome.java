package dev.frauddetection.dashboard.model;

/** An analyst's verdict on an alert. */
public enum TriageOutcome {
    /** The payment was fraud: it is charged back through ingest-service, which is feedback for the detector. */
    CONFIRMED_FRAUD,
    /** The payment was genuine: recorded for precision figures and future training, nothing changes upstream. */
    FALSE_POSITIVE
}
