package dev.frauddetection.detector.events;

/** What the detector recommends for a payment. */
public enum Decision {
    /** Nothing suspicious. */
    ALLOW,
    /** Suspicious enough for an analyst to look at. */
    REVIEW,
    /** Very likely fraud: alert the analysts now. */
    ALERT,
    /** Fraud beyond doubt: stop the card or account. */
    BLOCK;

    public boolean raisesAlert() {
        return this != ALLOW;
    }
}
