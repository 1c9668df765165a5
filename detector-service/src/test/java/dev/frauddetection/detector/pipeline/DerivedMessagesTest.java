package dev.frauddetection.detector.pipeline;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The change event's offset may be committed only once every record derived from it is safely in Kafka. */
class DerivedMessagesTest {

    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicReference<Throwable> nack = new AtomicReference<>();
    private final AtomicInteger nacks = new AtomicInteger();
    private final Message<String> source = Message.of("change-event",
            () -> {
                acks.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            },
            error -> {
                nacks.incrementAndGet();
                nack.set(error);
                return CompletableFuture.completedFuture(null);
            });

    @Test
    void acknowledgesTheSourceOnlyAfterTheLastDerivedRecord() {
        List<Message<String>> derived = DerivedMessages.from(source, List.of(Message.of("verdict"), Message.of("alert")));

        derived.get(1).ack().toCompletableFuture().join();
        assertThat(acks).hasValue(0);
        derived.get(0).ack().toCompletableFuture().join();
        assertThat(acks).hasValue(1);
    }

    @Test
    void nacksTheSourceOnceWhenADerivedRecordFailsAndNeverAcksIt() {
        List<Message<String>> derived = DerivedMessages.from(source, List.of(Message.of("verdict"), Message.of("alert")));
        IllegalStateException brokerDown = new IllegalStateException("broker down");

        derived.get(0).nack(brokerDown).toCompletableFuture().join();
        derived.get(1).ack().toCompletableFuture().join();
        derived.get(1).nack(new IllegalStateException("again")).toCompletableFuture().join();

        assertThat(nacks).hasValue(1);
        assertThat(nack).hasValue(brokerDown);
        assertThat(acks).hasValue(0);
    }

    @Test
    void acknowledgesASourceThatYieldsNothingAtOnce() {
        assertThat(DerivedMessages.from(source, List.<Message<String>>of())).isEmpty();
        assertThat(acks).hasValue(1);
    }

    @Test
    void waitsForTheSideEffectAndNacksWhenItFails() {
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        List<Message<String>> derived = DerivedMessages.from(source, List.of(Message.of("verdict")), stored);

        derived.getFirst().ack().toCompletableFuture().join();
        assertThat(acks).as("the alert is not stored yet").hasValue(0);
        stored.complete(true);
        assertThat(acks).hasValue(1);

        CompletableFuture<Boolean> failing = new CompletableFuture<>();
        DerivedMessages.from(source, List.of(Message.of("verdict")), failing);
        failing.completeExceptionally(new IllegalStateException("database down"));
        assertThat(nacks).hasValue(1);
    }
}
