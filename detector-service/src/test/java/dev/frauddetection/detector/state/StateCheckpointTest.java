package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.FeatureExtractor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.frauddetection.detector.state.AccountHistory.DAY;
import static dev.frauddetection.detector.state.AccountHistory.HOUR;
import static dev.frauddetection.detector.state.AccountHistory.MINUTE;
import static dev.frauddetection.detector.state.Payments.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checkpoints must give back histories that answer every question exactly as the originals would, also after both
 * go on receiving the same payments; merchant shares must sum to the merchant's whole history.
 */
class StateCheckpointTest {

    private static final String[] COUNTRIES = {"DE", "FR", "PL", null, "US"};
    private final Random random = new Random(7);

    @Test
    void anAccountReadBackFromItsCheckpointAnswersEveryFeatureAsTheOriginal() throws IOException {
        List<Payment> history = randomPayments("acc-1", 600, 40 * DAY);
        AccountHistory original = new AccountHistory();
        MerchantHistory merchant = new MerchantHistory();
        history.subList(0, 400).forEach(original::add);

        AccountHistory restored = StateCodec.decodeAccount(StateCodec.encode(original));

        for (Payment later : history.subList(400, 600)) {
            assertThat(FeatureExtractor.extract(later, restored, merchant))
                    .as("features of %s", later.id()).containsExactly(FeatureExtractor.extract(later, original, merchant));
            assertThat(restored.add(later)).isEqualTo(original.add(later));
        }
        assertThat(StateCodec.encode(restored)).as("and they stay identical").isEqualTo(StateCodec.encode(original));
        assertThat(restored.add(history.get(599))).as("a payment already held is still recognised").isFalse();
    }

    @Test
    void anEmptyAccountAndMerchantRoundTrip() throws IOException {
        AccountHistory account = StateCodec.decodeAccount(StateCodec.encode(new AccountHistory()));
        MerchantHistory merchant = StateCodec.decodeMerchant(StateCodec.encode(new MerchantHistory()));

        assertThat(account.hasHistoryBefore(T0.toEpochMilli())).isFalse();
        assertThat(account.latestTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(merchant.payments(T0.toEpochMilli())).isZero();
    }

    @Test
    void aCheckpointOfAnotherLayoutVersionOrTruncatedIsRefused() {
        byte[] bytes = StateCodec.encode(new AccountHistory());
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = (byte) (StateCodec.VERSION + 1);

        assertThatThrownBy(() -> StateCodec.decodeAccount(otherVersion)).isInstanceOf(IOException.class)
                .hasMessageContaining("version");
        byte[] full = StateCodec.encode(withPayments(50));
        byte[] truncated = java.util.Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> StateCodec.decodeAccount(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void merchantSharesSumToTheWholeMerchantHistory() throws IOException {
        long t0 = T0.toEpochMilli();
        MerchantHistory whole = new MerchantHistory();
        MerchantHistory[] shares = {new MerchantHistory(), new MerchantHistory(), new MerchantHistory()};
        for (int i = 0; i < 3000; i++) {
            long time = t0 + (long) (random.nextDouble() * 35 * DAY);
            MerchantHistory share = shares[random.nextInt(3)];
            if (random.nextInt(10) == 0) {
                whole.addChargeback(time);
                share.addChargeback(time);
            } else {
                whole.addPayment(time);
                share.addPayment(time);
            }
        }
        MerchantHistory merged = new MerchantHistory();
        for (MerchantHistory share : shares) {
            merged.mergeFrom(StateCodec.decodeMerchant(StateCodec.encode(share)));
        }

        for (long t = t0 + 30 * DAY; t <= t0 + 36 * DAY; t += 7 * HOUR) {
            assertThat(merged.payments(t)).as("payments at %d", t).isEqualTo(whole.payments(t));
            assertThat(merged.chargebacks(t)).as("chargebacks at %d", t).isEqualTo(whole.chargebacks(t));
        }
    }

    /**
     * Checkpoints follow the budget (issue 23): accounts evicted for it are deleted from the checkpoint (a null
     * record, which compaction then drops), so a restore never holds more than the live state did.
     */
    /**
     * Past the merchant budget the least recently paid merchants go from the summed table and from every partition's
     * part, as checkpoint deletions, so a restore holds no more merchants than the live state (issue 23).
     */
    @Test
    void pastTheMerchantBudgetTheLeastRecentlyPaidMerchantsGoFromEveryPartitionAndItsCheckpoint() throws IOException {
        DetectorState live = DetectorState.checkpointed();
        live.merchantBudget(100);
        live.adopt(0, 0);
        live.adopt(1, 0);
        long offset = 0;
        for (int i = 0; i < 3_000; i++) {
            // Each merchant is paid twice, from an account in each partition; merchant m-i after m-(i-1).
            for (int partition = 0; partition < 2; partition++) {
                live.switchTo(partition);
                Payment p = new Payment("tx-" + i + "-" + partition, "acc-" + partition, "fp", "m-" + i, "5411",
                        "ONLINE", 20, "EUR", "DE", Double.NaN, Double.NaN, T0.toEpochMilli() + i * MINUTE);
                live.remember(p, live.account(p.accountId()), live.merchant(p.merchantId()));
                live.applied(offset++);
            }
        }
        live.merchantBudget(100);
        assertThat(live.merchants()).isLessThanOrEqualTo(100);
        assertThat(live.merchantsEvictedForBudget()).isGreaterThanOrEqualTo(2_900);
        assertThat(live.accounts()).as("accounts are not merchants").isEqualTo(2);

        DetectorState restored = DetectorState.checkpointed();
        for (int partition = 0; partition < 2; partition++) {
            live.switchTo(partition);
            PartitionSnapshot snapshot = live.snapshot(partition);
            Map<String, byte[]> compacted = new HashMap<>();
            snapshot.records().forEach((key, value) -> {
                if (value != null) {
                    compacted.put(key, value);
                }
            });
            assertThat(compacted.keySet().stream().filter(k -> k.startsWith("m/")).count())
                    .as("partition %d's merchant parts in its checkpoint", partition).isEqualTo(live.merchants());
            restored.restore(partition, snapshot.nextOffset(), snapshot.watermark(), compacted);
        }
        assertThat(restored.merchants()).isEqualTo(live.merchants());
        // The most recently paid merchant kept both partitions' payments; the first one starts over.
        assertThat(restored.merchant("m-2999").payments(T0.toEpochMilli() + 3_000 * MINUTE)).isEqualTo(2);
        assertThat(restored.merchant("m-0").payments(T0.toEpochMilli() + 3_000 * MINUTE)).isZero();
    }

    @Test
    void aRestoreHoldsNoMoreAccountsThanTheBudgetLeftTheLiveState() throws IOException {
        DetectorState live = DetectorState.checkpointed();
        live.budget(300);
        live.adopt(0, 0);
        live.switchTo(0);
        long offset = 0;
        for (int i = 0; i < 1_000; i++) {
            Payment p = new Payment("tx-" + i, "acc-" + i, "fp", "m-1", "5411", "ONLINE", 20, "EUR", "DE", Double.NaN,
                    Double.NaN, T0.toEpochMilli() + i * MINUTE);
            live.remember(p, live.account(p.accountId()), live.merchant(p.merchantId()));
            live.applied(offset++);
            if (i == 500) {
                live.snapshot(0);
            }
        }
        live.budget(300);
        assertThat(live.accounts()).isLessThanOrEqualTo(300);

        PartitionSnapshot snapshot = live.snapshot(0);
        Map<String, byte[]> compacted = new HashMap<>();
        snapshot.records().forEach((key, value) -> {
            if (value != null) {
                compacted.put(key, value);
            }
        });
        DetectorState restored = DetectorState.checkpointed();
        restored.restore(0, snapshot.nextOffset(), snapshot.watermark(), compacted);
        assertThat(restored.accounts()).isEqualTo(live.accounts());
        assertThat(snapshot.records().values().stream().filter(v -> v == null).count())
                .as("deletes for the accounts evicted since the first snapshot").isPositive();
    }

    @Test
    void partitionsRestoredFromTheirSnapshotsScoreLikeTheStateThatWroteThem() throws IOException {
        DetectorState live = DetectorState.checkpointed();
        live.adopt(0, 0);
        live.adopt(1, 0);
        List<Payment> payments = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            payments.addAll(randomPayments("acc-" + i, 30, 3 * DAY));
        }
        payments.sort(java.util.Comparator.comparingLong(Payment::time));
        long offset = 0;
        for (Payment p : payments) {
            int partition = partitionOf(p.accountId());
            live.switchTo(partition);
            live.remember(p, live.account(p.accountId()), live.merchant(p.merchantId()));
            live.applied(offset++);
        }
        live.switchTo(1);
        live.chargeback("m-3", payments.get(payments.size() - 1).time());

        DetectorState restored = DetectorState.checkpointed();
        for (int partition : List.of(0, 1)) {
            PartitionSnapshot snapshot = live.snapshot(partition);
            assertThat(snapshot.nextOffset()).isEqualTo(live.nextOffset(partition));
            restored.restore(partition, snapshot.nextOffset(), snapshot.watermark(), snapshot.records());
        }

        Payment probe = randomPayments("acc-7", 1, 0).get(0);
        Payment next = new Payment("tx-next", "acc-7", "fp", "m-3", "5411", "ONLINE", 250, "EUR", "FR", Double.NaN,
                Double.NaN, payments.get(payments.size() - 1).time() + MINUTE);
        for (Payment query : List.of(next, probe)) {
            live.switchTo(1);
            restored.switchTo(1);
            assertThat(FeatureExtractor.extract(query, restored.account("acc-7"), restored.merchant(query.merchantId())))
                    .containsExactly(FeatureExtractor.extract(query, live.account("acc-7"), live.merchant(query.merchantId())));
        }
        assertThat(restored.remembers(next)).as("a payment never seen").isFalse();
        Payment latest = payments.get(payments.size() - 1);
        restored.switchTo(partitionOf(latest.accountId()));
        assertThat(restored.remembers(latest)).as("a payment sent again after the restore is known").isTrue();
        restored.switchTo(1 - partitionOf(latest.accountId()));
        assertThat(restored.remembers(latest)).as("asked of the other partition").isFalse();
        assertThat(restored.accounts()).isEqualTo(live.accounts());
        assertThat(restored.merchant("m-3").chargebacks(next.time())).isEqualTo(1);
        assertThat(live.changed(0)).as("a snapshot starts change tracking over").isFalse();
    }

    @Test
    void releasingAPartitionRemovesItsAccountsAndItsShareOfEveryMerchant() {
        DetectorState state = DetectorState.checkpointed();
        state.adopt(0, 0);
        state.adopt(1, 0);
        Payment a = payment("acc-a", "m-1", T0.toEpochMilli());
        Payment b = payment("acc-b", "m-1", T0.toEpochMilli() + MINUTE);
        state.switchTo(0);
        state.remember(a, state.account("acc-a"), state.merchant("m-1"));
        state.switchTo(1);
        state.remember(b, state.account("acc-b"), state.merchant("m-1"));
        long later = T0.toEpochMilli() + HOUR + DAY;
        assertThat(state.merchant("m-1").payments(later)).isEqualTo(2);

        state.release(1);

        assertThat(state.holds(1)).isFalse();
        assertThat(state.accounts()).isEqualTo(1);
        assertThat(state.merchant("m-1").payments(later)).isEqualTo(1);
        assertThatThrownBy(() -> state.switchTo(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void evictedHistoriesBecomeDeletionsInTheNextSnapshotAndFailedOnesAreWrittenAgain() {
        DetectorState state = DetectorState.checkpointed();
        state.adopt(0, 0);
        state.switchTo(0);
        Payment old = payment("acc-old", "m-old", T0.toEpochMilli());
        state.remember(old, state.account("acc-old"), state.merchant("m-old"));
        PartitionSnapshot first = state.snapshot(0);
        assertThat(first.records()).containsOnlyKeys("a/acc-old", "m/m-old");

        Payment recent = payment("acc-new", "m-new", T0.toEpochMilli() + 31 * DAY);
        state.remember(recent, state.account("acc-new"), state.merchant("m-new"));
        state.evictIdle();
        PartitionSnapshot second = state.snapshot(0);

        assertThat(second.records()).containsKeys("a/acc-new", "m/m-new", "a/acc-old", "m/m-old");
        assertThat(second.records().get("a/acc-old")).as("deleted").isNull();
        assertThat(second.records().get("m/m-old")).isNull();

        state.changedAgain(second);
        Map<String, byte[]> again = new HashMap<>(state.snapshot(0).records());
        assertThat(again.keySet()).isEqualTo(second.records().keySet());
        assertThat(again.get("a/acc-old")).isNull();
    }

    /** Evicted at one sweep and paying again before the next checkpoint: the new history is written, not deleted. */
    @Test
    void aHistoryEvictedAndBackBeforeTheNextSnapshotIsWrittenNotDeleted() throws IOException {
        DetectorState state = DetectorState.checkpointed();
        state.adopt(0, 0);
        state.switchTo(0);
        state.remember(payment("acc-back", "m-back", T0.toEpochMilli()), state.account("acc-back"), state.merchant("m-back"));
        state.snapshot(0);

        long monthLater = T0.toEpochMilli() + 31 * DAY;
        state.remember(payment("acc-other", "m-other", monthLater), state.account("acc-other"), state.merchant("m-other"));
        state.evictIdle();
        assertThat(state.accounts()).isEqualTo(1);
        Payment back = payment("acc-back", "m-back", monthLater + 1);
        state.remember(back, state.account("acc-back"), state.merchant("m-back"));
        state.applied(2);
        PartitionSnapshot snapshot = state.snapshot(0);

        assertThat(snapshot.records()).containsKeys("a/acc-back", "m/m-back");
        assertThat(snapshot.records().get("a/acc-back")).as("the returning account's new history").isNotNull();
        assertThat(snapshot.records().get("m/m-back")).as("the returning merchant's new share").isNotNull();
        DetectorState restored = DetectorState.checkpointed();
        restored.restore(0, snapshot.nextOffset(), snapshot.watermark(), snapshot.records());
        restored.switchTo(0);
        assertThat(restored.account("acc-back").count(monthLater + 2, AccountHistory.HOUR)).isEqualTo(1);
        assertThat(restored.merchant("m-back").payments(monthLater + 2)).isEqualTo(1);
        assertThat(state.changed(0)).isFalse();
    }

    @Test
    void aPartitionAdoptedInsteadOfAnUnreadableCheckpointDeletesItsRecordsWithTheNextSnapshot() {
        DetectorState state = DetectorState.checkpointed();
        state.adopt(3, 42, java.util.Set.of("a/acc-1", "m/m-1", "x/unknown"));

        assertThat(state.changed(3)).isTrue();
        PartitionSnapshot snapshot = state.snapshot(3);

        assertThat(snapshot.nextOffset()).isEqualTo(42);
        assertThat(snapshot.records()).containsOnlyKeys("a/acc-1", "m/m-1", "x/unknown");
        assertThat(snapshot.records().values()).containsOnlyNulls();
        assertThat(state.changed(3)).isFalse();
    }

    @Test
    void aRestoreKeepsTheNewestVersionOfEachHistoryAndRefusesAPartitionWithAnUnreadableOne() throws IOException {
        AccountHistory older = withPayments(3);
        AccountHistory newer = withPayments(9);
        PartitionRestore restore = new PartitionRestore(2);
        restore.put("a/acc-1", StateCodec.encode(older));
        restore.put("a/acc-gone", StateCodec.encode(older));
        restore.put("a/acc-1", StateCodec.encode(newer));
        restore.delete("a/acc-gone");
        DetectorState state = DetectorState.checkpointed();

        state.restore(restore, 17, 0);

        state.switchTo(2);
        assertThat(state.accounts()).isEqualTo(1);
        assertThat(StateCodec.encode(state.account("acc-1"))).isEqualTo(StateCodec.encode(newer));
        assertThat(state.nextOffset(2)).isEqualTo(17);

        PartitionRestore broken = new PartitionRestore(4);
        broken.put("a/acc-1", StateCodec.encode(newer));
        byte[] otherLayout = StateCodec.encode(older);
        otherLayout[0] = 99;
        broken.put("a/acc-2", otherLayout);
        assertThatThrownBy(() -> state.restore(broken, 5, 0)).isInstanceOf(IOException.class).hasMessageContaining("a/acc-2");
        assertThat(state.holds(4)).isFalse();
        assertThat(broken.keys()).containsExactlyInAnyOrder("a/acc-1", "a/acc-2");
    }

    private static int partitionOf(String accountId) {
        return Math.floorMod(accountId.hashCode(), 2);
    }

    private AccountHistory withPayments(int n) {
        AccountHistory h = new AccountHistory();
        randomPayments("acc-x", n, DAY).forEach(h::add);
        return h;
    }

    private static Payment payment(String account, String merchant, long time) {
        return new Payment("tx-" + account + "-" + time, account, "fp", merchant, "5411", "ONLINE", 20, "EUR", "DE",
                Double.NaN, Double.NaN, time);
    }

    /** Payments of one account, out of order at times, with and without locations and countries. */
    private List<Payment> randomPayments(String account, int n, long span) {
        List<Payment> payments = new ArrayList<>();
        long t0 = T0.toEpochMilli();
        for (int i = 0; i < n; i++) {
            long time = t0 + (long) (random.nextDouble() * span);
            boolean located = random.nextBoolean();
            payments.add(new Payment(account + "-tx-" + i, account, "fp-" + random.nextInt(2), "m-" + random.nextInt(6),
                    "5411", located ? "CARD_PRESENT" : "ONLINE", Math.round(random.nextDouble() * 50_000) / 100.0,
                    random.nextInt(8) == 0 ? "PLN" : "EUR", COUNTRIES[random.nextInt(COUNTRIES.length)],
                    located ? 40 + random.nextDouble() * 20 : Double.NaN, located ? random.nextDouble() * 30 : Double.NaN,
                    time));
        }
        payments.sort(java.util.Comparator.comparingLong(Payment::time));
        // A few arrive late: event time, not arrival order, must decide.
        for (int i = 5; i + 1 < payments.size(); i += 17) {
            java.util.Collections.swap(payments, i, i + 1);
        }
        return payments;
    }
}
