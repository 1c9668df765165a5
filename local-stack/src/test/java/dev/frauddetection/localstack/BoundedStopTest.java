package dev.frauddetection.localstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the in-process servers never hangs the launcher: what does not stop in time is left behind, loudly. */
class BoundedStopTest {

    @Test
    void aStopThatFinishesInTimeIsWaitedFor() {
        AtomicBoolean stopped = new AtomicBoolean();

        boolean finished = LocalStack.closeWithin("Kafka", () -> stopped.set(true), Duration.ofSeconds(5));

        assertThat(finished).isTrue();
        assertThat(stopped).isTrue();
    }

    @Test
    void aStopThatFailsCountsAsFinished() {
        boolean finished = LocalStack.closeWithin("Kafka", () -> {
            throw new IllegalStateException("already stopped");
        }, Duration.ofSeconds(5));

        assertThat(finished).isTrue();
    }

    @Test
    void aStopThatHangsIsLeftAfterTheTimeout() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();

        boolean finished = LocalStack.closeWithin("Kafka Connect", never::await, Duration.ofMillis(300));

        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(finished).isFalse();
        assertThat(waitedMillis).isBetween(250L, 5_000L);
        never.countDown();
    }
}
