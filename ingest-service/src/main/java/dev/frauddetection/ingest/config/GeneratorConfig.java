package dev.frauddetection.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The built-in transaction generator that keeps a local system busy with realistic-looking traffic. */
@ConfigMapping(prefix = "fraud.generator")
public interface GeneratorConfig {

    /** Transactions written per second; 0 turns the generator off. */
    @WithDefault("0")
    double rate();

    /** Share of generated transactions with an amount far above any account's normal (the fraud signal). */
    @WithDefault("0.02")
    double highAmountShare();

    /** Seed of the random source: the same seed gives the same sequence of accounts, merchants and amounts. */
    @WithDefault("42")
    long seed();

    /** Number of distinct accounts the traffic is spread over. */
    @WithDefault("1000")
    int accounts();
}
