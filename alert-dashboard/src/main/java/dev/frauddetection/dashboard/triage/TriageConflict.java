package dev.frauddetection.dashboard.triage;

import dev.frauddetection.dashboard.model.Triage;

/** The alert was already triaged with the other outcome; changing a verdict is not a retry. */
public class TriageConflict extends RuntimeException {

    private final transient Triage existing;

    public TriageConflict(Triage existing) {
        super("alert " + existing.transactionId() + " was already triaged as " + existing.outcome() + " by "
                + existing.analyst());
        this.existing = existing;
    }

    public Triage existing() {
        return existing;
    }
}
