package dev.frauddetection.detector.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.detector.alerts.AlertBacklog;
import dev.frauddetection.detector.alerts.AlertBatcher;
import dev.frauddetection.detector.alerts.AlertStore;
import dev.frauddetection.detector.checkpoint.InFlightEvents;
import dev.frauddetection.detector.checkpoint.LiveState;
import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.events.ChangeEventDecoder;
import dev.frauddetection.detector.events.MalformedChangeEventException;
import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.events.PaymentTransaction;
import dev.frauddetection.detector.events.TransactionChange;
import dev.frauddetection.detector.events.Verdict;
import dev.frauddetection.detector.events.VerdictJson;
import dev.frauddetection.detector.metrics.DetectorMetrics;
import dev.frauddetection.detector.scoring.Assessment;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.scoring.rules.RuleHit;
import dev.frauddetection.detector.state.DetectorState;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The detector's stream: Debezium change events of the transactions table in, verdicts and alerts out.
 * <ul>
 *   <li>decode: an undecodable event is nacked with its reason, which sends it to transactions.dlq and moves on;</li>
 *   <li>new payments (inserts, snapshot reads) are judged by the scoring engine on the account's and merchant's
 *       history in event time; every verdict goes to transactions.legit or transactions.fraud, keyed by account, and
 *       a verdict that raises an alert is stored with its outbox row (AlertStore), from which the alerts-outbox
 *       connector publishes it to fraud-alerts;</li>
 *   <li>a status change to CHARGEBACK is feedback: the merchant's risk rises from the moment it became known;</li>
 *   <li>other updates and deletes are acknowledged; a payment is judged once, when it happens: a payment its
 *       account's history already holds (its change event sent again by Debezium) is acknowledged and skipped.</li>
 * </ul>
 * Events of one channel are processed one at a time, in partition order. The state is checkpointed meanwhile by
 * {@link dev.frauddetection.detector.checkpoint.StateCheckpointer} and handed over on rebalances by
 * {@link dev.frauddetection.detector.checkpoint.StateRestorer}; they take turns with this pipeline on the state's lock.
 */
@ApplicationScoped
public class ScoringPipeline {

    static final String LEGIT_TOPIC = "transactions.legit";
    static final String FRAUD_TOPIC = "transactions.fraud";
    /** Storing an alert waits out a database outage rather than dead-lettering a valid event or losing the alert. */
    private static final Duration STORE_RETRY_MIN = Duration.ofMillis(200);
    private static final Duration STORE_RETRY_MAX = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);

    private final ChangeEventDecoder decoder;
    private final DetectorMetrics metrics;
    private final VerdictJson verdictJson;
    private final ScoringEngine engine;
    private final AlertBatcher alerts;
    private final DetectorState state;
    private final InFlightEvents inFlight;
    private final AlertBacklog backlog;

    public ScoringPipeline(ChangeEventDecoder decoder, DetectorMetrics metrics, ObjectMapper json, RuleBook rules,
                           ModelRegistry models, AlertStore alerts, LiveState live, DetectorConfig config) {
        this.decoder = decoder;
        this.metrics = metrics;
        this.verdictJson = new VerdictJson(json.getFactory());
        this.alerts = new AlertBatcher(alerts::storeAll, config.alertBatchSize(), config.alertWriters(),
                STORE_RETRY_MIN, STORE_RETRY_MAX);
        this.state = live.state();
        this.inFlight = live.inFlight();
        this.engine = new ScoringEngine(state, rules::active, models::live);
        this.backlog = new AlertBacklog(config.maxWaitingAlerts());
        metrics.watch(state);
        metrics.watch(backlog);
    }

    /** Whether storing alerts is failing now, since when and why (empty while alerts are stored). */
    public java.util.Optional<AlertBatcher.Failing> alertStorageFailing() {
        return alerts.failing();
    }

    /**
     * One event at a time, in order; while too many alerts wait to be stored the next event waits for room, which
     * holds back the Kafka consumer instead of piling verdicts up in memory.
     */
    @Incoming("transaction-changes")
    @Outgoing("verdicts")
    public Multi<Message<String>> score(Multi<Message<String>> changes) {
        return changes.onItem().transformToMultiAndConcatenate(event -> backlog.hasRoom()
                ? Multi.createFrom().iterable(process(event))
                : backlog.room().onItem().transformToMulti(room -> Multi.createFrom().iterable(process(event))));
    }

    /**
     * Applies one change event to the state of its partition, once: an event the state already holds (replayed since
     * the checkpoint it was restored from, or delivered twice) and an event of a partition this instance no longer
     * holds (its new owner replays it from its own checkpoint) are acknowledged and skipped.
     */
    List<Message<String>> process(Message<String> event) {
        IncomingKafkaRecordMetadata<?, ?> source = event.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("A change event without its Kafka record metadata"));
        int partition = source.getPartition();
        long offset = source.getOffset();
        synchronized (state.lock()) {
            if (!state.holds(partition)) {
                metrics.skipped("partition-not-held");
                event.ack();
                return List.of();
            }
            if (offset < state.nextOffset(partition)) {
                metrics.skipped("already-applied");
                event.ack();
                return List.of();
            }
            inFlight.started(partition, offset);
            Message<String> tracked = event
                    .withAck(() -> event.ack().whenComplete((ok, error) -> inFlight.finished(partition, offset)))
                    .withNack(reason -> event.nack(reason).whenComplete((ok, error) -> inFlight.finished(partition, offset)));
            state.switchTo(partition);
            List<Message<String>> derived = apply(tracked);
            state.applied(offset);
            return derived;
        }
    }

    private List<Message<String>> apply(Message<String> event) {
        TransactionChange change;
        try {
            change = decoder.decode(event.getPayload());
        } catch (MalformedChangeEventException e) {
            metrics.deadLettered();
            LOG.warnf("Change event sent to the dead-letter topic: %s", e.getMessage());
            event.nack(e);
            return List.of();
        }
        metrics.changeEvent(change.operation());
        if (change.isNewChargeback()) {
            PaymentTransaction row = change.after();
            Instant knownAt = row.updatedAt() != null ? row.updatedAt() : change.committedAt();
            engine.chargeback(row.merchantId(), knownAt.toEpochMilli());
        }
        if (!change.isNewPayment()) {
            return DerivedMessages.from(event, List.of());
        }
        Payment payment = change.after().toPayment();
        if (engine.judgedBefore(payment)) {
            // Its verdict went out when it first came (the state holds only payments whose effects are done or will
            // be replayed after a crash, see InFlightEvents); a second, possibly different verdict would only confuse.
            metrics.skipped("payment-already-judged");
            return DerivedMessages.from(event, List.of());
        }
        long started = System.nanoTime();
        Assessment assessment = engine.assess(payment);
        metrics.scored(System.nanoTime() - started);
        Verdict verdict = verdict(change, assessment);
        metrics.verdict(verdict, assessment.hits());
        String body = toJson(verdict);
        Message<String> record = record(verdict, verdict.decision().raisesAlert() ? FRAUD_TOPIC : LEGIT_TOPIC, body);
        return DerivedMessages.from(event, List.of(record), verdict.decision().raisesAlert() ? store(verdict, body) : null);
    }

    /** Batched with other waiting alerts on the batcher's writer threads (JDBC blocks), retried while the database is down. */
    private CompletionStage<Boolean> store(Verdict verdict, String body) {
        backlog.waiting();
        return alerts.store(verdict, body).whenComplete((isNew, error) -> {
            backlog.done();
            if (error == null) {
                metrics.alertStored(isNew);
            }
        });
    }

    @PreDestroy
    void stopStoringAlerts() throws InterruptedException {
        alerts.close();
    }

    private static Verdict verdict(TransactionChange change, Assessment assessment) {
        PaymentTransaction tx = change.after();
        return new Verdict(tx.id(), tx.accountId(), tx.merchantId(), tx.amount(), tx.currency(),
                Math.round(assessment.score() * 10_000) / 10_000.0, assessment.decision(),
                assessment.hits().stream().map(RuleHit::rule).toList(), assessment.reasons(),
                Math.round(assessment.modelScore() * 10_000) / 10_000.0, assessment.modelVersion(),
                assessment.ruleSetVersion(), tx.createdAt(), change.committedAt(), Instant.now(),
                assessment.challenger() == null ? null : new Verdict.Challenger(assessment.challenger().modelVersion(),
                        Math.round(assessment.challenger().modelScore() * 10_000) / 10_000.0,
                        assessment.challenger().decision()));
    }

    private static Message<String> record(Verdict verdict, String topic, String body) {
        return Message.of(body).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(verdict.accountId())
                .build());
    }

    private String toJson(Verdict verdict) {
        return verdictJson.write(verdict);
    }
}
