package dev.frauddetection.ingest.simulator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** The simulator's rate and fraud mix on /q/metrics. */
@ApplicationScoped
public class SimulatorMetrics {

    private final MeterRegistry registry;
    private final AtomicReference<Double> streamingRate = new AtomicReference<>(0.0);
    private final Counter chargebacks;

    public SimulatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("fraud.simulator.streaming.rate", streamingRate, AtomicReference::get);
        this.chargebacks = Counter.builder("fraud.simulator.chargebacks")
                .description("Payments changed to CHARGEBACK by the simulated banks").register(registry);
    }

    void streamingRate(double rate) {
        streamingRate.set(rate);
    }

    void written(String mode, List<SimulatedPayment> payments) {
        payments.stream()
                .collect(Collectors.groupingBy(p -> p.isFraud() ? p.scenario().configName() : "none", Collectors.counting()))
                .forEach((scenario, count) -> Counter.builder("fraud.simulator.payments")
                        .description("Simulated payments written, by mode and fraud scenario (none = genuine)")
                        .tag("mode", mode).tag("scenario", scenario)
                        .register(registry).increment(count));
    }

    void chargebacks(int count) {
        chargebacks.increment(count);
    }
}
