package dev.frauddetection.detector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Optional;

/** Where the detector's model comes from, how its state is checkpointed, and how many alerts may wait to be stored. */
@ConfigMapping(prefix = "fraud.detector")
public interface DetectorConfig {

    /** A model file written by the train command; without it the model shipped in the detector is used. */
    Optional<Path> modelPath();

    State state();

    Models models();

    /**
     * Alerts judged but not yet stored (each holds its verdict in memory); past this the pipeline pauses until the
     * database catches up. A thousand alerts are a few megabytes.
     */
    @WithDefault("1000")
    int maxWaitingAlerts();

    /**
     * At most this many waiting alerts are stored in one database transaction. Alerts are stored as soon as a writer
     * is free, so a quiet stream stores them one by one without delay; a burst fills the batches, and one commit for
     * hundreds of alerts is what lets the stores keep up with it.
     */
    @WithDefault("250")
    int alertBatchSize();

    /** Alert batches stored at the same time, each on its own connection (the pool has 8). */
    @WithDefault("2")
    int alertWriters();

    /**
     * How long storing alerts may keep failing (every retry, no success in between) before the detector reports
     * itself not ready: long enough for a database failover, short enough that an outage shows on the probes.
     */
    @WithDefault("30s")
    java.time.Duration alertStorageUnhealthyAfter();

    /** The model registry: the compacted topic every instance reads for the champion and challenger. */
    interface Models {

        /** Model versions and the assignment of champion and challenger (ModelRegistration, ModelAssignment). */
        @WithDefault("fraud-models")
        String topic();

        /**
         * How long start-up waits to read the registry to its end before judging anything: the payments judged
         * meanwhile would otherwise get the shipped model's verdicts. Past it the detector starts with the shipped (or
         * configured) model and applies the registry's champion as soon as it is read.
         */
        @WithDefault("30s")
        Duration startupWait();
    }

    interface State {

        /** Compacted topic holding the checkpoints; partition n checkpoints partition n of the transactions topic. */
        @WithDefault("fraud-detector-state")
        String topic();

        /**
         * How often changed histories are written. A restart or rebalance replays the source events since the last
         * checkpoint, so this bounds the replay (and the verdicts published twice), at the cost of writing busy
         * accounts more often.
         */
        @WithDefault("5s")
        Duration checkpointInterval();

        /**
         * Prefix of the checkpoint writers' Kafka transactional ids: one writer per source partition held, with id
         * {@code <prefix>-p<partition>}, so whoever is assigned a partition fences any earlier holder still writing it
         * (a stale pod after a network partition or a rescheduling), whatever the pods are called.
         */
        @WithDefault("fraud-detector-state")
        String transactionalIdPrefix();

        /**
         * Accounts held at most, so that the state fits the memory it is given: past it, the least recently active
         * are evicted (DetectorState#budget). The chart sets it from the load its values state; unset, it follows the
         * heap (StateBudget#forHeap).
         */
        OptionalInt maxAccounts();

        /**
         * Merchants held at most (each is a small history per partition that saw it): past it, the least recently
         * active are evicted (DetectorState#merchantBudget). The chart sets it from its stated capacity; unset, 20,000.
         */
        OptionalInt maxMerchants();

        /**
         * How often this instance reports what it holds (accounts, budget, evictions) to the detector_state_report
         * table, where the dashboard's pipeline health reads it.
         */
        @WithDefault("10s")
        Duration reportInterval();

        /** Longest a partition's state may take to read back on assignment before start-up fails. */
        @WithDefault("2m")
        Duration restoreTimeout();
    }
}
