package dev.frauddetection.detector.security;

/**
 * The roles a caller's token may carry (its {@code groups} claim) for detector-service's API. See docs/security.md
 * for who holds which and how tokens are issued.
 */
public final class CallerRoles {

    /** Publishes rule sets and rolls back to earlier ones; every change is audited with the caller's name. */
    public static final String RULES_ADMIN = "rules-admin";
    /** Reads the active rule set and its history. */
    public static final String RULES_VIEWER = "rules-viewer";

    private CallerRoles() {
    }
}
