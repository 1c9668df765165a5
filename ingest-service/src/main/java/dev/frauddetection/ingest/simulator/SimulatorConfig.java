package dev.frauddetection.ingest.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The transaction simulator: banks and their traffic, injected fraud, and how banks learn of it. */
@ConfigMapping(prefix = "fraud.simulator")
public interface SimulatorConfig {

    /**
     * Whether this deployment has a simulator at all. Off by default: simulated payments are indistinguishable from
     * real ones downstream, so a production deployment must not be able to start it, whoever asks.
     */
    @WithDefault("false")
    boolean enabled();

    /** Stream transactions from start-up at the banks' rates (it can also be started and stopped over REST). */
    @WithDefault("false")
    boolean streaming();

    /** Seed of every random choice: the same seed and rates give the same transactions, frauds and labels. */
    @WithDefault("42")
    long seed();

    /**
     * Total transactions per second across all banks; each bank keeps its share of it. Unset: the banks' own rates
     * (80/s with the defaults).
     */
    OptionalDouble totalRate();

    /**
     * Accounts across all banks; each bank keeps its share of them (its account range scaled). Unset: the banks' own
     * ranges (500,000 accounts with the defaults). The chart sets it to what its detector is sized for.
     */
    OptionalInt totalAccounts();

    /** Chance that a payment arrival starts a fraud scenario instead (a scenario may make several payments). */
    @WithDefault("0.005")
    double fraudShare();

    /** Share of frauds that the bank later confirms with a chargeback; the rest are never reported. */
    @WithDefault("0.7")
    double chargebackShare();

    /** Earliest chargeback after the fraudulent payment (real banks: days to weeks; shortened for a live demo). */
    @WithDefault("PT2M")
    Duration chargebackDelayMin();

    /** Latest chargeback after the fraudulent payment. */
    @WithDefault("PT20M")
    Duration chargebackDelayMax();

    /** How long a compromised merchant terminal keeps hitting every customer who pays there. */
    @WithDefault("P2D")
    Duration compromiseDuration();

    /** Card-present merchants generated per city. */
    @WithDefault("20")
    int merchantsPerCity();

    /** Banks by id, each with its own rate and range of accounts. */
    Map<String, Bank> banks();

    /** Relative weight of each scenario by name (high-amount, velocity-burst, impossible-travel, ...). */
    Map<String, Double> scenarioWeights();

    interface Bank {
        /** Transactions per second from this bank's customers. */
        double rate();

        /** First account number of the bank; its accounts are first-account .. first-account + accounts - 1. */
        int firstAccount();

        /** How many accounts the bank has. */
        int accounts();
    }
}
