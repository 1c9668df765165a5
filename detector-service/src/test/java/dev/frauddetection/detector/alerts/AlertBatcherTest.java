package dev.frauddetection.detector.alerts;

import dev.frauddetection.detector.alerts.AlertBatcher.WaitingAlert;
import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What was tried: a lone alert, a burst while the only writer is busy, a store that answers "stored before", a batch
 * that fails for want of a connection (retried whole), an outage (every alert waits, retried with back-off, all stored
 * after), an alert whose data the database refuses in a batch (it fails with the reason, the rest is stored),
 * closing with alerts still waiting, and sizes below one.
 */
class AlertBatcherTest {

    private static final Duration RETRY = Duration.ofMillis(10);
    private static final int TIMEOUT_S = 10;

    private final List<AlertBatcher> batchers = new ArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        for (AlertBatcher batcher : batchers) {
            batcher.close();
        }
    }

    @Test
    void aLoneAlertIsStoredAtOnceInABatchOfItsOwn() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        AlertBatcher batcher = batcher(batch -> {
            sizes.add(batch.size());
            return allNew(batch);
        }, 100, 1);

        assertThat(batcher.store(verdict("t1"), "{}").toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(sizes).containsExactly(1);
    }

    @Test
    void alertsArrivingWhileTheWriterIsBusyGoInBatchesNoLargerThanTheBatchSize() throws Exception {
        FirstBatchGate gate = new FirstBatchGate();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        Set<String> storedIds = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AlertBatcher batcher = batcher(batch -> {
            gate.pass();
            sizes.add(batch.size());
            batch.forEach(alert -> {
                if (!storedIds.add(alert.verdict().transactionId())) {
                    duplicates.incrementAndGet();
                }
            });
            return allNew(batch);
        }, 100, 1);

        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        stored.add(batcher.store(verdict("t0"), "{}").toCompletableFuture());
        gate.awaitFirstBatch();
        for (int i = 1; i <= 1_000; i++) {
            stored.add(batcher.store(verdict("t" + i), "{}").toCompletableFuture());
        }
        gate.open();
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(stored).allMatch(f -> f.join());
        assertThat(storedIds).hasSize(1_001);
        assertThat(duplicates).hasValue(0);
        assertThat(sizes).first().isEqualTo(1);
        assertThat(sizes).allMatch(size -> size <= 100);
        assertThat(sizes).hasSize(11); // 1 + 1,000 in ten full batches
    }

    @Test
    void anAlertStoredBeforeCompletesWithFalse() throws Exception {
        AlertBatcher batcher = batcher(batch -> batch.stream()
                .map(alert -> !alert.verdict().transactionId().equals("again")).toList(), 10, 1);

        assertThat(batcher.store(verdict("again"), "{}").toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS)).isFalse();
        assertThat(batcher.store(verdict("new"), "{}").toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * An outage is waited out silently no more (issue 22): while every attempt fails, failing() says since when and
     * why (the readiness check turns DOWN from it); the first success clears it.
     */
    @Test
    void storageThatKeepsFailingSaysSinceWhenAndWhyUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AlertBatcher batcher = batcher(batch -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("Connection to 127.0.0.1:5432 refused");
            }
            return allNew(batch);
        }, 10, 1, Duration.ofMillis(100));
        assertThat(batcher.failing()).isEmpty();

        CompletableFuture<Boolean> alert = batcher.store(verdict("during-outage"), "{}").toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (batcher.failing().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        java.time.Instant since = batcher.failing().orElseThrow().since();
        assertThat(batcher.failing().orElseThrow().lastError()).contains("Connection to 127.0.0.1:5432 refused");

        assertThat(alert.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(calls.get()).isEqualTo(4);
        assertThat(batcher.failing()).isEmpty();
        assertThat(since).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @Test
    void aBatchThatFailsForWantOfAConnectionIsRetriedWholeAndNoAlertIsLost() throws Exception {
        FirstBatchGate gate = new FirstBatchGate();
        AtomicInteger calls = new AtomicInteger();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        AlertBatcher batcher = batcher(batch -> {
            gate.pass();
            int call = calls.incrementAndGet();
            if (call == 1) {
                return allNew(batch);
            }
            sizes.add(batch.size());
            if (call == 2) {
                throw new IllegalStateException("Sorry, acquisition timeout!");
            }
            return allNew(batch);
        }, 50, 1, Duration.ofMillis(300)); // the writer has long stopped when the batch comes back

        CompletableFuture<Boolean> first = batcher.store(verdict("first"), "{}").toCompletableFuture();
        gate.awaitFirstBatch();
        List<CompletableFuture<Boolean>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(batcher.store(verdict("q" + i), "{}").toCompletableFuture());
        }
        gate.open();

        assertThat(first.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        for (CompletableFuture<Boolean> alert : queued) {
            assertThat(alert.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        }
        // not one by one: an outage would make each alone wait out its own connect timeout
        assertThat(sizes).containsExactly(5, 5);
    }

    @Test
    void duringAnOutageEveryAlertWaitsAndIsRetriedWithBackOffUntilTheDatabaseIsBack() throws Exception {
        AtomicBoolean databaseBack = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        AlertBatcher batcher = batcher(batch -> {
            attempts.incrementAndGet();
            if (!databaseBack.get()) {
                throw new IllegalStateException(new SQLException("Connection to 127.0.0.1 refused", "08001"));
            }
            return allNew(batch);
        }, 50, 2);

        List<CompletableFuture<Boolean>> alerts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alerts.add(batcher.store(verdict("t" + i), "{}").toCompletableFuture());
        }
        Thread.sleep(300);
        assertThat(alerts).noneMatch(CompletableFuture::isDone);
        int duringOutage = attempts.get();
        assertThat(duringOutage).as("retried, not given up").isGreaterThan(3);
        assertThat(duringOutage).as("with back-off, not in a tight loop (at most 20 groups of ~9 tries)").isLessThan(400);

        databaseBack.set(true);
        for (CompletableFuture<Boolean> alert : alerts) {
            assertThat(alert.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anAlertWhoseDataTheDatabaseRefusesFailsWithTheReasonAndTheOthersAreStored() throws Exception {
        FirstBatchGate gate = new FirstBatchGate();
        AlertBatcher batcher = batcher(batch -> {
            gate.pass();
            if (batch.stream().anyMatch(alert -> alert.verdict().transactionId().equals("bad"))) {
                throw new IllegalStateException("could not execute batch", new SQLException(
                        "ERROR: value too long for type character(3)", "22001"));
            }
            return allNew(batch);
        }, 50, 1);

        CompletableFuture<Boolean> first = batcher.store(verdict("first"), "{}").toCompletableFuture();
        gate.awaitFirstBatch();
        CompletableFuture<Boolean> bad = batcher.store(verdict("bad"), "{}").toCompletableFuture();
        CompletableFuture<Boolean> good = batcher.store(verdict("good"), "{}").toCompletableFuture();
        gate.open();

        assertThat(first.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(good.get(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> bad.get(TIMEOUT_S, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The alert for transaction bad cannot be stored")
                .hasMessageContaining("value too long for type character(3)");
    }

    @Test
    void onlyDataAndConstraintErrorsCountAsRefusedForGood() {
        assertThat(AlertBatcher.refusesTheData(new RuntimeException(new SQLException("too long", "22001")))).isTrue();
        assertThat(AlertBatcher.refusesTheData(new RuntimeException(new SQLException("check", "23514")))).isTrue();
        assertThat(AlertBatcher.refusesTheData(new RuntimeException(new SQLException("refused", "08001")))).isFalse();
        assertThat(AlertBatcher.refusesTheData(new RuntimeException(new SQLException("no state")))).isFalse();
        assertThat(AlertBatcher.refusesTheData(new IllegalStateException("Sorry, acquisition timeout!"))).isFalse();
    }

    @Test
    void closingLeavesWaitingAlertsUnansweredSoThatTheirEventsAreConsumedAgain() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AlertBatcher batcher = new AlertBatcher(batch -> {
            started.countDown();
            await(new CountDownLatch(1)); // a database that never answers; interrupted by close()
            throw new IllegalStateException("interrupted");
        }, 10, 1, Duration.ofSeconds(30), Duration.ofSeconds(30));
        batchers.add(batcher);

        CompletableFuture<Boolean> inFlight = batcher.store(verdict("in-flight"), "{}").toCompletableFuture();
        assertThat(started.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> waiting = batcher.store(verdict("waiting"), "{}").toCompletableFuture();
        batcher.close();

        assertThat(inFlight).isNotDone();
        assertThat(waiting).isNotDone();
    }

    @Test
    void batchesAndWritersOfLessThanOneAreRefused() {
        assertThatThrownBy(() -> new AlertBatcher(AlertBatcherTest::allNew, 0, 1, RETRY, RETRY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertBatcher(AlertBatcherTest::allNew, 1, 0, RETRY, RETRY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private AlertBatcher batcher(AlertBatcher.BatchStore store, int batchSize, int writers) {
        return batcher(store, batchSize, writers, RETRY);
    }

    private AlertBatcher batcher(AlertBatcher.BatchStore store, int batchSize, int writers, Duration retry) {
        AlertBatcher batcher = new AlertBatcher(store, batchSize, writers, retry, retry.multipliedBy(4));
        batchers.add(batcher);
        return batcher;
    }

    /**
     * Holds the writer inside its first batch until the test has queued what it wants queued behind it, so that the
     * next batch's content does not depend on thread timing.
     */
    private static final class FirstBatchGate {
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean passed = new AtomicBoolean();

        /** Called by the store: the first call waits for open(), later ones go straight through. */
        void pass() {
            if (passed.compareAndSet(false, true)) {
                started.countDown();
                await(release);
            }
        }

        void awaitFirstBatch() throws InterruptedException {
            assertThat(started.await(TIMEOUT_S, TimeUnit.SECONDS)).as("the writer took the first batch").isTrue();
        }

        void open() {
            release.countDown();
        }
    }

    private static List<Boolean> allNew(List<WaitingAlert> batch) {
        return batch.stream().map(alert -> true).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not release the store");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Verdict verdict(String transactionId) {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        return new Verdict(transactionId, "acc-1", "m-1", new BigDecimal("12.50"), "EUR", 0.93, Decision.ALERT,
                List.of("velocity-1m"), List.of("5 payments in 1 minute"), 0.9, "gbt-1", 3, now, now, now, null);
    }
}
