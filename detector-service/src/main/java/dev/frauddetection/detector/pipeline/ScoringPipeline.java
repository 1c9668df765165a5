package dev.frauddetection.detector.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.detector.model.TransactionChange;
import dev.frauddetection.detector.model.Verdict;
import dev.frauddetection.detector.rules.FraudScorer;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The detector's stream: Debezium change events of the transactions table in, verdicts and alerts out.
 * <ul>
 *   <li>decode: an undecodable event is nacked with its reason, which sends it to transactions.dlq and moves on;</li>
 *   <li>new payments (inserts, snapshot reads) are scored; every verdict goes to transactions.legit or
 *       transactions.fraud, and a verdict that raises an alert also goes to fraud-alerts, all keyed by account;</li>
 *   <li>updates and deletes are acknowledged feedback; they are not scored again.</li>
 * </ul>
 */
@ApplicationScoped
public class ScoringPipeline {

    static final String LEGIT_TOPIC = "transactions.legit";
    static final String FRAUD_TOPIC = "transactions.fraud";
    static final String ALERTS_TOPIC = "fraud-alerts";

    private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);

    private final ChangeEventDecoder decoder;
    private final FraudScorer scorer;
    private final DetectorMetrics metrics;
    private final ObjectMapper json;

    public ScoringPipeline(ChangeEventDecoder decoder, FraudScorer scorer, DetectorMetrics metrics, ObjectMapper json) {
        this.decoder = decoder;
        this.scorer = scorer;
        this.metrics = metrics;
        this.json = json;
    }

    @Incoming("transaction-changes")
    @Outgoing("verdicts")
    public Multi<Message<String>> score(Multi<Message<String>> changes) {
        return changes.onItem().transformToIterable(this::process);
    }

    List<Message<String>> process(Message<String> event) {
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
        if (!change.isNewPayment()) {
            return DerivedMessages.from(event, List.of());
        }
        Verdict verdict = scorer.score(change);
        metrics.verdict(verdict);
        return DerivedMessages.from(event, records(verdict));
    }

    private List<Message<String>> records(Verdict verdict) {
        String body = toJson(verdict);
        List<Message<String>> records = new ArrayList<>(2);
        records.add(record(verdict, verdict.decision().raisesAlert() ? FRAUD_TOPIC : LEGIT_TOPIC, body));
        if (verdict.decision().raisesAlert()) {
            records.add(record(verdict, ALERTS_TOPIC, body));
        }
        return records;
    }

    private static Message<String> record(Verdict verdict, String topic, String body) {
        return Message.of(body).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(verdict.accountId())
                .build());
    }

    private String toJson(Verdict verdict) {
        try {
            return json.writeValueAsString(verdict);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("A verdict must always serialise", e);
        }
    }
}
