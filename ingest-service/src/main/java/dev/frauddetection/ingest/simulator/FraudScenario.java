package dev.frauddetection.ingest.simulator;

import java.util.Locale;

/** The kinds of fraud the simulator injects, each with the ground-truth label its payments carry. */
public enum FraudScenario {
    /** One payment far above anything the account spends. */
    HIGH_AMOUNT,
    /** A burst of online payments within a couple of minutes. */
    VELOCITY_BURST,
    /** A card-present payment at home, then another in a distant country minutes later (a cloned card). */
    IMPOSSIBLE_TRAVEL,
    /** Tiny online payments to check that a stolen card works, then a large one. */
    CARD_TESTING,
    /** A skimmed or tampered terminal: every customer paying at that merchant is hit for days. */
    COMPROMISED_MERCHANT,
    /** A new country, new merchants and large amounts: someone else controls the account. */
    ACCOUNT_TAKEOVER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
