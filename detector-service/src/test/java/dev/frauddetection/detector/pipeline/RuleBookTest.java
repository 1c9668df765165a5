package dev.frauddetection.detector.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBookTest {

    private final List<Message<byte[]>> deadLetters = new ArrayList<>();
    private final RuleBook book = new RuleBook(new SimpleMeterRegistry(), new Recording());

    /**
     * Whatever arrives on fraud-rules, the stream goes on: a record that is not a valid rule set (here: a null limit,
     * which was a NullPointerException; not JSON; an unknown field; a version below 1) is dead-lettered with the
     * reason and its position as key, and the active rule set stays.
     */
    @Test
    void anInvalidRecordIsDeadLetteredAndNeverApplied() {
        long before = book.active().version();
        List<String> bad = List.of(
                "{\"version\":9,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[{\"type\":\"HIGH_AMOUNT\","
                        + "\"id\":\"h\",\"action\":\"ALERT\",\"score\":0.5,\"default_limit_eur\":5000,\"block_multiple\":10,"
                        + "\"limits\":{\"EUR\":null}}]}",
                "not json at all",
                "{\"version\":9,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[],\"off\":true}",
                "{\"version\":0,\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[]}");
        for (int i = 0; i < bad.size(); i++) {
            book.onRuleSet(new ConsumerRecord<>("fraud-rules", 0, 40 + i, "active", bad.get(i).getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(book.active().version()).isEqualTo(before);
        assertThat(deadLetters).hasSize(4);
        OutgoingKafkaRecordMetadata<?> first = deadLetters.getFirst().getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(first.getKey()).isEqualTo("fraud-rules-0@40");
        assertThat(new String(first.getHeaders().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("limits.EUR must be a number, not null");
        assertThat(new String(deadLetters.getFirst().getPayload(), StandardCharsets.UTF_8)).contains("\"EUR\":null");
    }

    @Test
    void aValidNewerRecordIsAppliedAndATombstoneIgnored() {
        book.onRuleSet(new ConsumerRecord<>("fraud-rules", 0, 1, "active", null));
        book.onRuleSet(new ConsumerRecord<>("fraud-rules", 0, 2, "active",
                "{\"version\":5,\"description\":\"d\",\"review_threshold\":0.5,\"alert_threshold\":0.8,\"rules\":[]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(book.active().version()).isEqualTo(5);
        assertThat(deadLetters).isEmpty();
    }

    private final class Recording implements Emitter<byte[]> {
        @Override
        public CompletionStage<Void> send(byte[] payload) {
            send(Message.of(payload));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends byte[]>> void send(M message) {
            deadLetters.add((Message<byte[]>) message);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
