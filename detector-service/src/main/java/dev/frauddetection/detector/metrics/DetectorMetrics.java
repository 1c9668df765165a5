package dev.frauddetection.detector.metrics;

import dev.frauddetection.detector.alerts.AlertBacklog;
import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.TransactionChange.Operation;
import dev.frauddetection.detector.events.Verdict;
import dev.frauddetection.detector.scoring.rules.RuleHit;
import dev.frauddetection.detector.state.DetectorState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the detector exposes on /q/metrics: change events by operation (their rate is events/s), verdicts by decision,
 * alerts by rule, commit-to-verdict latency, scoring time, dead letters, and the size of the state. Consumer lag comes
 * from the Kafka client's own metrics (kafka_consumer_fetch_manager_records_lag).
 */
@ApplicationScoped
public class DetectorMetrics {

    private final MeterRegistry registry;
    private final Map<Operation, Counter> changeEvents = new EnumMap<>(Operation.class);
    private final Map<Decision, Counter> verdicts = new EnumMap<>(Decision.class);
    private final Counter deadLetters;
    private final Timer verdictLatency;
    private final Timer scoringTime;
    private final Timer checkpointTime;
    private final Timer checkpointPause;
    private final Counter checkpointRecords;
    private final Counter checkpointBytes;
    private final Timer restoreTime;
    private final Counter restoredHistories;
    private final Map<String, Counter[]> championDecisions = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter[]> challengerDecisions = new java.util.concurrent.ConcurrentHashMap<>();

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        scoringTime = Timer.builder("fraud.detector.scoring.time")
                .description("Features, rules and model for one payment, no I/O")
                .publishPercentileHistogram()
                .register(registry);
        checkpointTime = Timer.builder("fraud.detector.state.checkpoint.time")
                .description("Writing one state checkpoint (a Kafka transaction), after its events settled")
                .register(registry);
        checkpointPause = Timer.builder("fraud.detector.state.checkpoint.pause")
                .description("How long taking one partition's checkpoint held the pipeline")
                .register(registry);
        checkpointRecords = Counter.builder("fraud.detector.state.checkpoint.records")
                .description("Histories written to (or deleted from) the checkpoint topic").register(registry);
        checkpointBytes = Counter.builder("fraud.detector.state.checkpoint.bytes")
                .description("Bytes of histories written to the checkpoint topic").baseUnit("bytes").register(registry);
        restoreTime = Timer.builder("fraud.detector.state.restore.time")
                .description("Reading a partition's state back from its checkpoint on assignment").register(registry);
        restoredHistories = Counter.builder("fraud.detector.state.restored.histories")
                .description("Account and merchant histories read back from checkpoints").register(registry);
    }

    public void watch(AlertBacklog backlog) {
        registry.gauge("fraud.detector.alerts.waiting", backlog, AlertBacklog::size);
    }

    public void watch(DetectorState state) {
        registry.gauge("fraud.detector.state.accounts", state, DetectorState::accounts);
        registry.gauge("fraud.detector.state.merchants", state, DetectorState::merchants);
        registry.gauge("fraud.detector.state.budget.accounts", state, DetectorState::maxAccounts);
        // A counter (fraud_detector_state_evicted_budget_total), so that rate() and increase() read it across restarts.
        FunctionCounter.builder("fraud.detector.state.evicted.budget", state, DetectorState::evictedForBudget)
                .description("Account histories evicted to keep within fraud.detector.state.max-accounts")
                .register(registry);
        registry.gauge("fraud.detector.state.budget.eviction.age.seconds", state, s -> s.budgetEvictionAge() / 1000.0);
        registry.gauge("fraud.detector.state.budget.merchants", state, DetectorState::maxMerchants);
        FunctionCounter.builder("fraud.detector.state.evicted.merchants.budget", state,
                        DetectorState::merchantsEvictedForBudget)
                .description("Merchant histories evicted to keep within fraud.detector.state.max-merchants")
                .register(registry);
    }

    public void changeEvent(Operation operation) {
        changeEvents.get(operation).increment();
    }

    public void scored(long nanos) {
        scoringTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void verdict(Verdict verdict, List<RuleHit> hits) {
        verdicts.get(verdict.decision()).increment();
        // Per model version and role, so that champion and challenger compare on one panel. The versions are the few
        // an operator set live (two at a time), so the label set stays small.
        modelDecision("champion", verdict.modelVersion(), verdict.decision());
        if (verdict.challenger() != null) {
            modelDecision("challenger", verdict.challenger().modelVersion(), verdict.challenger().decision());
        }
        verdictLatency.record(Duration.between(verdict.committedAt(), Instant.now()).abs());
        for (RuleHit hit : hits) {
            Counter.builder("fraud.detector.rule.hits").description("Rules that fired, by rule id")
                    .tag("rule", hit.rule()).register(registry).increment();
        }
    }

    private void modelDecision(String role, String version, Decision decision) {
        // Looked up once per model version and role, not built per verdict: this runs for every payment.
        Map<String, Counter[]> byVersion = role.equals("champion") ? championDecisions : challengerDecisions;
        byVersion.computeIfAbsent(version, v -> {
            Counter[] counters = new Counter[Decision.values().length];
            for (Decision d : Decision.values()) {
                counters[d.ordinal()] = Counter.builder("fraud.detector.model.decisions")
                        .description("Decisions per model version: the champion's (acted on) and a challenger's "
                                + "(recorded only)")
                        .tag("role", role).tag("model_version", v).tag("decision", d.name()).register(registry);
            }
            return counters;
        })[decision.ordinal()].increment();
    }

    public void alertStored(boolean isNew) {
        Counter.builder("fraud.detector.alerts.stored")
                .description("Alerts stored with their outbox row (new), or found stored already (redelivered)")
                .tag("outcome", isNew ? "new" : "redelivered").register(registry).increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    public void skipped(String reason) {
        Counter.builder("fraud.detector.events.skipped")
                .description("Change events not applied: already in the state (replayed after a restore), a "
                        + "payment already judged (sent again by the source), or of a partition no longer held")
                .tag("reason", reason).register(registry).increment();
    }

    public void checkpointWritten(long nanos, int records, long bytes) {
        checkpointTime.record(nanos, TimeUnit.NANOSECONDS);
        checkpointRecords.increment(records);
        checkpointBytes.increment(bytes);
    }

    public void checkpointPause(long nanos) {
        checkpointPause.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void checkpointFailed() {
        Counter.builder("fraud.detector.state.checkpoints.failed")
                .description("State checkpoints that could not be written (their changes go out with the next one)")
                .register(registry).increment();
    }

    public void stateRestored(int histories, long nanos) {
        restoreTime.record(nanos, TimeUnit.NANOSECONDS);
        restoredHistories.increment(histories);
    }

    public void checkpointDiscarded() {
        Counter.builder("fraud.detector.state.checkpoints.discarded")
                .description("Checkpoints found unreadable on assignment (another layout version): windows started empty")
                .register(registry).increment();
    }
}
