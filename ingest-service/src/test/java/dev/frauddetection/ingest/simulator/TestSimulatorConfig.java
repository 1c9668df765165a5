package dev.frauddetection.ingest.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The shipped defaults of application.properties, for unit tests of the engine. */
record TestSimulatorConfig(double fraudShare, Map<String, Double> scenarioWeights, OptionalInt totalAccounts)
        implements SimulatorConfig {

    static final Map<String, Double> DEFAULT_WEIGHTS = Map.of("high-amount", 0.25, "velocity-burst", 0.15,
            "impossible-travel", 0.15, "card-testing", 0.15, "compromised-merchant", 0.05, "account-takeover", 0.25);

    TestSimulatorConfig() {
        this(0.005, DEFAULT_WEIGHTS);
    }

    TestSimulatorConfig(double fraudShare, Map<String, Double> scenarioWeights) {
        this(fraudShare, scenarioWeights, OptionalInt.empty());
    }

    record TestBank(double rate, int firstAccount, int accounts) implements Bank {
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public long seed() {
        return 42;
    }

    @Override
    public OptionalDouble totalRate() {
        return OptionalDouble.empty();
    }

    @Override
    public double chargebackShare() {
        return 0.7;
    }

    @Override
    public Duration chargebackDelayMin() {
        return Duration.ofMinutes(2);
    }

    @Override
    public Duration chargebackDelayMax() {
        return Duration.ofMinutes(20);
    }

    @Override
    public Duration compromiseDuration() {
        return Duration.ofDays(2);
    }

    @Override
    public int merchantsPerCity() {
        return 20;
    }

    @Override
    public Map<String, Bank> banks() {
        return Map.of("bank-a", new TestBank(50, 0, 300_000), "bank-b", new TestBank(30, 300_000, 200_000));
    }
}
