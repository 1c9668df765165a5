package dev.frauddetection.detector.pipeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitingGroupsTest {

    private static final Duration LINGER = Duration.ofMillis(20);

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void itemsDeliveredWithinOneRequestFormFullGroupsInOrder() {
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(Long.MAX_VALUE);
        WaitingGroups.of(Multi.createFrom().range(0, 100), 32, LINGER).subscribe(groups);

        groups.assertCompleted();
        assertThat(groups.getItems()).extracting(List::size).containsExactly(32, 32, 32, 4);
        assertThat(groups.getItems().stream().flatMap(List::stream)).containsExactlyElementsOf(range(0, 100));
    }

    @Test
    void itemsArrivingInTasksOfTheirOwnWithinTheLingerFormOneGroup() {
        AtomicReference<MultiEmitter<? super Integer>> source = new AtomicReference<>();
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(Long.MAX_VALUE);
        WaitingGroups.of(Multi.createFrom().<Integer>emitter(source::set), 32, Duration.ofMillis(500)).subscribe(groups);
        Context context = vertx.getOrCreateContext();

        // As SmallRye hands Kafka records over: each in a task of its own on the consumer's event loop.
        for (int i = 0; i < 10; i++) {
            int item = i;
            context.runOnContext(ignored -> source.get().emit(item));
        }
        groups.awaitItems(1, Duration.ofSeconds(5));

        assertThat(groups.getItems()).containsExactly(range(0, 10));
    }

    @Test
    void aGroupGoesWhenFullOrWhenItsFirstItemHasWaitedTheLinger() {
        AtomicReference<MultiEmitter<? super Integer>> source = new AtomicReference<>();
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(Long.MAX_VALUE);
        WaitingGroups.of(Multi.createFrom().<Integer>emitter(source::set), 32, LINGER).subscribe(groups);
        Context context = vertx.getOrCreateContext();

        onContext(context, () -> IntStream.range(0, 5).forEach(i -> source.get().emit(i)));
        groups.awaitItems(1, Duration.ofSeconds(5));
        onContext(context, () -> source.get().emit(5));
        groups.awaitItems(2, Duration.ofSeconds(5));
        onContext(context, () -> IntStream.range(6, 76).forEach(i -> source.get().emit(i)));
        groups.awaitItems(5, Duration.ofSeconds(5));
        onContext(context, () -> source.get().complete());
        groups.awaitCompletion(Duration.ofSeconds(5));

        assertThat(groups.getItems()).extracting(List::size).containsExactly(5, 1, 32, 32, 6);
        assertThat(groups.getItems().stream().flatMap(List::stream)).containsExactlyElementsOf(range(0, 76));
    }

    @Test
    void withoutAVertxContextAnItemArrivingOnItsOwnIsAGroupOfOne() {
        AtomicReference<MultiEmitter<? super Integer>> source = new AtomicReference<>();
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(Long.MAX_VALUE);
        WaitingGroups.of(Multi.createFrom().<Integer>emitter(source::set), 8, LINGER).subscribe(groups);

        source.get().emit(1).emit(2).emit(3).complete();

        groups.assertCompleted();
        assertThat(groups.getItems()).containsExactly(List.of(1), List.of(2), List.of(3));
    }

    @Test
    void asksUpstreamForAtMostOneGroupBeyondWhatWasHandedOverAndOnlyWhenAGroupIsWanted() {
        AtomicLong requested = new AtomicLong();
        Multi<Integer> source = Multi.createFrom().range(0, 1_000).onRequest().invoke(requested::addAndGet);
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(0);
        WaitingGroups.of(source, 16, LINGER).subscribe(groups);

        assertThat(requested).as("nothing asked of upstream before a group is wanted").hasValue(0);
        groups.request(1);
        assertThat(groups.getItems()).extracting(List::size).containsExactly(16);
        assertThat(requested).hasValue(16);
        groups.request(2);
        assertThat(groups.getItems()).extracting(List::size).containsExactly(16, 16, 16);
        assertThat(requested).hasValue(48);
    }

    @Test
    void aFailureComesAfterTheItemsBeforeIt() {
        AtomicReference<MultiEmitter<? super Integer>> source = new AtomicReference<>();
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(Long.MAX_VALUE);
        WaitingGroups.of(Multi.createFrom().<Integer>emitter(source::set), 8, LINGER).subscribe(groups);
        Context context = vertx.getOrCreateContext();

        onContext(context, () -> source.get().emit(1).emit(2).fail(new IllegalStateException("broker gone")));
        groups.awaitFailure(Duration.ofSeconds(5));

        assertThat(groups.getItems()).containsExactly(List.of(1, 2));
        assertThat(groups.getFailure()).hasMessage("broker gone");
    }

    @Test
    void cancellingCancelsUpstream() {
        AtomicReference<Boolean> cancelled = new AtomicReference<>(false);
        Multi<Integer> source = Multi.createFrom().<Integer>emitter(e -> { })
                .onCancellation().invoke(() -> cancelled.set(true));
        AssertSubscriber<List<Integer>> groups = AssertSubscriber.create(1);
        WaitingGroups.of(source, 8, LINGER).subscribe(groups);

        groups.cancel();

        assertThat(cancelled.get()).isTrue();
    }

    @Test
    void refusesGroupsOfNothing() {
        assertThatThrownBy(() -> WaitingGroups.of(Multi.createFrom().items(1), 0, LINGER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> WaitingGroups.of(Multi.createFrom().items(1), 8, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linger must be positive");
    }

    private static void onContext(Context context, Runnable task) {
        CountDownLatch ran = new CountDownLatch(1);
        context.runOnContext(ignored -> {
            task.run();
            ran.countDown();
        });
        try {
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> all = new ArrayList<>();
        IntStream.range(from, to).forEach(all::add);
        return all;
    }
}
