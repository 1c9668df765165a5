package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.FeatureExtractor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTableTest {

    /**
     * Random puts, creations, removals, evictions and clears against a HashMap doing the same, over few enough ids that
     * runs of neighbouring slots form, wrap around the end of the arrays and are broken by removals (backward shifts),
     * and with ids whose String hashes collide ("Aa" and "BB" hash alike, so do their concatenations).
     */
    @Test
    void answersAsAHashMapDoingTheSameWouldThroughGrowthRemovalsAndCollisions() {
        Random random = new Random(11);
        String[] ids = new String[600];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i < 64 ? collidingId(i) : "acc-" + i;
        }
        assertThat(ids[0].hashCode()).as("colliding ids").isEqualTo(ids[1].hashCode());
        HistoryTable<AccountHistory> table = new HistoryTable<>(AccountHistory::new);
        Map<String, AccountHistory> expected = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            String id = ids[random.nextInt(ids.length)];
            int op = random.nextInt(100);
            if (op < 40) {
                AccountHistory history = table.getOrCreate(id);
                assertThat(history).isSameAs(expected.computeIfAbsent(id, k -> history));
            } else if (op < 55) {
                AccountHistory history = new AccountHistory();
                table.put(id, history);
                expected.put(id, history);
            } else if (op < 85) {
                table.remove(id);
                expected.remove(id);
            } else if (op < 99) {
                assertThat(table.get(id)).isSameAs(expected.get(id));
            } else if (random.nextInt(20) == 0) {
                table.clear();
                expected.clear();
            } else {
                int bucket = random.nextInt(3);
                table.removeIf((key, history) -> Math.floorMod(key.hashCode(), 3) == bucket);
                expected.keySet().removeIf(key -> Math.floorMod(key.hashCode(), 3) == bucket);
            }
            assertThat(table.size()).isEqualTo(expected.size());
        }
        for (String id : ids) {
            assertThat(table.get(id)).as(id).isSameAs(expected.get(id));
        }
        Map<String, AccountHistory> listed = new HashMap<>();
        table.forEach(listed::put);
        assertThat(listed).isEqualTo(expected);
    }

    @Test
    void theHintIsTheHistoryWhenTheIdSitsInItsFirstSlotAndNeverCreatesOne() {
        HistoryTable<AccountHistory> table = new HistoryTable<>(AccountHistory::new);
        AccountHistory history = table.getOrCreate("acc-1");

        assertThat(table.likely("acc-1")).isSameAs(history);
        assertThat(table.likelyId("acc-1")).isEqualTo("acc-1");
        assertThat(table.likely("acc-unknown")).isNull();
        assertThat(table.size()).isEqualTo(1);
    }

    /** The i-th of 64 ids of four blocks of "Aa" or "BB", which all have the same String hash. */
    private static String collidingId(int i) {
        StringBuilder id = new StringBuilder();
        for (int bit = 0; bit < 6; bit++) {
            id.append((i >> bit & 1) == 0 ? "Aa" : "BB");
        }
        return id.toString();
    }

    @Test
    void prefetchingChangesNoHistoryAndCreatesNone() {
        DetectorState state = new DetectorState();
        Payment known = Payments.at(0, 10);
        state.remember(known, state.account(known.accountId()), state.merchant(known.merchantId()));
        Payment later = Payments.at(AccountHistory.MINUTE, 20);
        double[] before = FeatureExtractor.extract(later, state.account(later.accountId()), state.merchant("m-1"));
        Payment stranger = new Payment("tx-s", "acc-stranger", "fp", "m-1", "5411", "ONLINE", 5, "EUR", "DE",
                Double.NaN, Double.NaN, later.time());

        state.prefetch(List.of(later, stranger, later));

        assertThat(state.accounts()).isEqualTo(1);
        assertThat(FeatureExtractor.extract(later, state.account(later.accountId()), state.merchant("m-1")))
                .containsExactly(before);
    }
}
