package dev.frauddetection.ingest.service;

/**
 * What a write did, with the stored payment(s) as JSON: the same representation is kept with an Idempotency-Key, so a
 * retry is answered with exactly what the first request was.
 */
public record WriteOutcome(Effect effect, String representation) {

    public enum Effect {
        /** A new payment was stored. */
        CREATED,
        /** Nothing new for a single payment (a retry of one already stored), or a batch, whose items say what happened. */
        STORED
    }
}
