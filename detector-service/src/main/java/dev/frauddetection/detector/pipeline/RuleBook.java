package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The active rule set. It starts as the one shipped with the detector and is replaced, without a restart, by any
 * newer version that arrives on the compacted fraud-rules topic: every detector instance reads the whole topic, so all
 * of them apply the same rule set. A record that is not a valid rule set is logged and counted, never applied, never stops
 * the stream, and is dead-lettered.
 */
@ApplicationScoped
public class RuleBook {

    private static final Logger LOG = Logger.getLogger(RuleBook.class);

    private final AtomicReference<RuleSet> active = new AtomicReference<>(DefaultScoring.rules());
    private final AtomicLong rejected = new AtomicLong();

    private final Emitter<byte[]> deadLetters;

    public RuleBook(MeterRegistry registry, @Channel("fraud-rules-dlq") Emitter<byte[]> deadLetters) {
        this.deadLetters = deadLetters;
        registry.gauge("fraud.detector.rule.set.version", active, a -> a.get().version());
        registry.gauge("fraud.detector.rule.sets.rejected", rejected);
    }

    public RuleSet active() {
        return active.get();
    }

    /**
     * A record of the fraud-rules topic. One that is not a valid rule set (whatever is wrong with it) is never applied
     * and never stops the stream: it goes to fraud-rules.dlq with the reason, keyed by its topic position so that the
     * copies every instance makes, on every start, collapse into one on that compacted topic.
     */
    @Incoming("fraud-rules")
    public void onRuleSet(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value == null) {
            return;
        }
        try {
            apply(DefaultScoring.parseRules(value));
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.errorf("Dead-lettering the invalid rule set at fraud-rules %d:%d: %s", record.partition(),
                    record.offset(), reason);
            deadLetters.send(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(record.topic() + "-" + record.partition() + "@" + record.offset())
                    .withHeaders(new RecordHeaders()
                            .add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8))
                            .add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8))
                            .add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8)))
                    .build()));
        }
    }

    /** Makes a rule set active if it is newer than the active one; returns whether it did. */
    public boolean apply(RuleSet candidate) {
        RuleSet previous = active.getAndUpdate(current -> candidate.version() > current.version() ? candidate : current);
        boolean applied = candidate.version() > previous.version();
        if (applied) {
            LOG.infof("Rule set %d is active (was %d): %s", candidate.version(), previous.version(), candidate.description());
        }
        return applied;
    }
}
