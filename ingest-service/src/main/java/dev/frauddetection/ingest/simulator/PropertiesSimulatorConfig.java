package dev.frauddetection.ingest.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The simulator settings read straight from the service's application.properties, for the offline export, which runs
 * without Quarkus (its typed config mappings are generated at build time).
 */
record PropertiesSimulatorConfig(Properties properties) implements SimulatorConfig {

    private static final String PREFIX = "fraud.simulator.";

    static PropertiesSimulatorConfig fromClasspath() {
        Properties properties = new Properties();
        try (InputStream in = PropertiesSimulatorConfig.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PropertiesSimulatorConfig(properties);
    }

    private String value(String key) {
        String value = properties.getProperty(PREFIX + key);
        if (value == null) {
            throw new IllegalStateException(PREFIX + key + " is missing from application.properties");
        }
        return value.trim();
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
        return Long.parseLong(value("seed"));
    }

    @Override
    public OptionalDouble totalRate() {
        return OptionalDouble.empty();
    }

    @Override
    public OptionalInt totalAccounts() {
        String value = properties.getProperty(PREFIX + "total-accounts");
        return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.trim()));
    }

    @Override
    public double fraudShare() {
        return Double.parseDouble(value("fraud-share"));
    }

    @Override
    public double chargebackShare() {
        return Double.parseDouble(value("chargeback-share"));
    }

    @Override
    public Duration chargebackDelayMin() {
        return Duration.parse(value("chargeback-delay-min"));
    }

    @Override
    public Duration chargebackDelayMax() {
        return Duration.parse(value("chargeback-delay-max"));
    }

    @Override
    public Duration compromiseDuration() {
        return Duration.parse(value("compromise-duration"));
    }

    @Override
    public int merchantsPerCity() {
        return Integer.parseInt(value("merchants-per-city"));
    }

    @Override
    public Map<String, Bank> banks() {
        Map<String, Bank> banks = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX + "banks.") && name.endsWith(".rate")) {
                String id = name.substring((PREFIX + "banks.").length(), name.length() - ".rate".length());
                double rate = Double.parseDouble(value("banks." + id + ".rate"));
                int first = Integer.parseInt(value("banks." + id + ".first-account"));
                int accounts = Integer.parseInt(value("banks." + id + ".accounts"));
                banks.put(id, new FixedBank(rate, first, accounts));
            }
        }
        return banks;
    }

    @Override
    public Map<String, Double> scenarioWeights() {
        Map<String, Double> weights = new HashMap<>();
        properties.stringPropertyNames().stream().filter(n -> n.startsWith(PREFIX + "scenario-weights."))
                .forEach(n -> weights.put(n.substring((PREFIX + "scenario-weights.").length()),
                        Double.parseDouble(properties.getProperty(n).trim())));
        return weights;
    }

    private record FixedBank(double rate, int firstAccount, int accounts) implements Bank {
    }
}
