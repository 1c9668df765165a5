package dev.frauddetection.detector.pipeline;

import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Ties several outgoing messages, and possibly one side effect, to the one incoming change event they came from: the
 * change event is acknowledged (and its offset may be committed) only once every derived record is acknowledged by
 * Kafka and the side effect (storing an alert) has completed; it is nacked if any of them fails. This is what makes a
 * verdict and its stored alert at-least-once together.
 */
final class DerivedMessages {

    private DerivedMessages() {
    }

    static <T> List<Message<T>> from(Message<?> source, List<Message<T>> derived) {
        return from(source, derived, null);
    }

    static <T> List<Message<T>> from(Message<?> source, List<Message<T>> derived, CompletionStage<?> sideEffect) {
        if (derived.isEmpty() && sideEffect == null) {
            source.ack();
            return List.of();
        }
        AtomicInteger pending = new AtomicInteger(derived.size() + (sideEffect == null ? 0 : 1));
        AtomicBoolean failed = new AtomicBoolean();
        Supplier<CompletionStage<Void>> done = () -> pending.decrementAndGet() == 0 && !failed.get()
                ? source.ack() : CompletableFuture.completedFuture(null);
        Function<Throwable, CompletionStage<Void>> fail = error -> failed.compareAndSet(false, true)
                ? source.nack(error) : CompletableFuture.completedFuture(null);
        if (sideEffect != null) {
            sideEffect.whenComplete((result, error) -> {
                if (error == null) {
                    done.get();
                } else {
                    fail.apply(error);
                }
            });
        }
        return derived.stream().map(message -> message.withAck(done).withNack(fail)).toList();
    }
}
