package dev.frauddetection.ingest.security;

/**
 * The roles a caller's token may carry (its {@code groups} claim), one per kind of caller. A token names the roles
 * its holder was given when it was signed; see docs/security.md for who holds which and how tokens are issued.
 */
public final class CallerRoles {

    /** The payment system: records, settles, reverses, looks up and deletes payments. */
    public static final String PAYMENT_WRITER = "payment-writer";
    /** Confirmed fraud as a chargeback: the dashboard's analysts, through alert-dashboard only. */
    public static final String FEEDBACK = "feedback";
    /** Drives the bank-traffic simulator, where a deployment enables it. */
    public static final String SIMULATOR = "simulator";

    private CallerRoles() {
    }
}
