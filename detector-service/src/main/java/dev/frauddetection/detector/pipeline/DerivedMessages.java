package dev.frauddetection.detector.pipeline;

import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ties several outgoing messages to the one incoming change event they came from: the change event is acknowledged
 * (and its offset may be committed) only once every derived record is acknowledged by Kafka, and it is nacked if any
 * of them fails. This is what makes a verdict plus its alert at-least-once as a pair.
 */
final class DerivedMessages {

    private DerivedMessages() {
    }

    static <T> List<Message<T>> from(Message<?> source, List<Message<T>> derived) {
        if (derived.isEmpty()) {
            source.ack();
            return List.of();
        }
        AtomicInteger pending = new AtomicInteger(derived.size());
        AtomicBoolean failed = new AtomicBoolean();
        return derived.stream()
                .map(message -> message
                        .withAck(() -> pending.decrementAndGet() == 0 && !failed.get()
                                ? source.ack() : CompletableFuture.completedFuture(null))
                        .withNack(error -> failed.compareAndSet(false, true)
                                ? source.nack(error) : CompletableFuture.completedFuture(null)))
                .toList();
    }
}
