package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.model.Decision;
import dev.frauddetection.detector.model.TransactionChange.Operation;
import dev.frauddetection.detector.model.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** What the detector exposes on /q/metrics: change events by operation, verdicts by decision, latency, DLQ. */
@ApplicationScoped
public class DetectorMetrics {

    private final Map<Operation, Counter> changeEvents = new EnumMap<>(Operation.class);
    private final Map<Decision, Counter> verdicts = new EnumMap<>(Decision.class);
    private final Counter deadLetters;
    private final Timer verdictLatency;

    public DetectorMetrics(MeterRegistry registry) {
        for (Operation op : Operation.values()) {
            changeEvents.put(op, Counter.builder("fraud.detector.change.events")
                    .description("Debezium change events decoded, by operation")
                    .tag("operation", op.name().toLowerCase()).register(registry));
        }
        for (Decision decision : Decision.values()) {
            verdicts.put(decision, Counter.builder("fraud.detector.verdicts")
                    .description("Verdicts published, by decision")
                    .tag("decision", decision.name()).register(registry));
        }
        deadLetters = Counter.builder("fraud.detector.dead.letters")
                .description("Change events sent to transactions.dlq").register(registry);
        verdictLatency = Timer.builder("fraud.detector.verdict.latency")
                .description("From the PostgreSQL commit of a payment to its verdict")
                .publishPercentileHistogram()
                .register(registry);
    }

    void changeEvent(Operation operation) {
        changeEvents.get(operation).increment();
    }

    void verdict(Verdict verdict) {
        verdicts.get(verdict.decision()).increment();
        verdictLatency.record(Duration.between(verdict.committedAt(), Instant.now()).abs());
    }

    void deadLettered() {
        deadLetters.increment();
    }
}
