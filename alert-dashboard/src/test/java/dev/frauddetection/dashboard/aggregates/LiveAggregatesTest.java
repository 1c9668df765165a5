package dev.frauddetection.dashboard.aggregates;

import dev.frauddetection.dashboard.config.DashboardConfig;
import dev.frauddetection.dashboard.health.PipelineStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LiveAggregatesTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final LiveAggregates aggregates = new LiveAggregates(config(), now::get);

    @Test
    void countsAndSumsPerBankAndMerchantPerCurrencyOverSlidingWindows() {
        aggregates.transaction("bank-a", "m-1", "Corner Shop", "10.50", "EUR");
        aggregates.transaction("bank-a", "m-1", "Corner Shop", "0.25", "EUR");
        aggregates.transaction("bank-a", "m-2", null, "100.00", "GBP");
        aggregates.transaction("bank-b", "m-1", "Corner Shop", "1.00", "EUR");
        now.addAndGet(Duration.ofSeconds(90).toMillis());
        aggregates.transaction("bank-b", "m-2", null, "5.00", "GBP");

        Snapshot s = snapshot();

        Snapshot.KeyTotals bankA = s.banks().stream().filter(b -> b.id().equals("bank-a")).findFirst().orElseThrow();
        assertThat(bankA.count()).isEqualTo(3);
        assertThat(bankA.sums()).isEqualTo(Map.of("EUR", "10.75", "GBP", "100.00"));
        assertThat(bankA.shortCount()).as("older than the 1-minute window").isZero();
        Snapshot.KeyTotals bankB = s.banks().stream().filter(b -> b.id().equals("bank-b")).findFirst().orElseThrow();
        assertThat(bankB.count()).isEqualTo(2);
        assertThat(bankB.shortCount()).isEqualTo(1);
        assertThat(bankB.shortSums()).isEqualTo(Map.of("GBP", "5.00"));
        assertThat(s.merchants().getFirst().id()).isEqualTo("m-1");
        assertThat(s.merchants().getFirst().name()).isEqualTo("Corner Shop");
        assertThat(s.merchants().getFirst().count()).isEqualTo(3);

        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(snapshot().banks()).as("everything left the 5-minute window").isEmpty();
    }

    /**
     * A writer inventing bank ids cannot grow the snapshot every client receives (issue 22): the top 20 banks are
     * named, the rest add up under "(other)", so the totals still add up; and at most maxKeys ids are tracked at all.
     */
    @Test
    void manyBanksBecomeTheTopTwentyAndOneOtherRowThatAddsUp() {
        for (int i = 0; i < 5_000; i++) {
            aggregates.transaction("bank-" + i, "m-" + i, null, "1.00", "EUR");
        }
        aggregates.transaction("bank-big", "m-1", null, "7.00", "EUR");
        aggregates.transaction("bank-big", "m-1", null, "3.00", "EUR");

        Snapshot s = snapshot();
        assertThat(s.banks()).hasSize(21);
        assertThat(s.banks().getFirst().id()).isEqualTo("bank-big");
        Snapshot.KeyTotals other = s.banks().getLast();
        assertThat(other.id()).isEqualTo("(other)");
        assertThat(s.banks().stream().mapToLong(Snapshot.KeyTotals::count).sum()).isEqualTo(5_002);
        assertThat(other.count()).isEqualTo(5_002 - 2 - 19);
        assertThat(other.shortCount()).isEqualTo(other.count());
        assertThat(s.merchants()).hasSize(11);

        LiveAggregates bounded = new LiveAggregates(new Bounded(config(), 100), now::get);
        for (int i = 0; i < 1_000; i++) {
            bounded.transaction("bank-" + i, "m-1", null, "1.00", "EUR");
        }
        Snapshot b = bounded.snapshot(PipelineStatus.unknown(), Snapshot.Quality.none(), new Snapshot.Streams(0, 0));
        assertThat(b.banks().stream().mapToLong(Snapshot.KeyTotals::count).sum()).as("nothing lost to the bound")
                .isEqualTo(1_000);
        assertThat(b.banks().getLast().count()).isEqualTo(1_000 - 20);
    }

    private record Bounded(DashboardConfig.Aggregates base, int maxKeys) implements DashboardConfig.Aggregates {
        public Duration snapshotInterval() { return base.snapshotInterval(); }
        public Duration window() { return base.window(); }
        public Duration shortWindow() { return base.shortWindow(); }
        public int rateHistorySeconds() { return base.rateHistorySeconds(); }
        public int topN() { return base.topN(); }
        public int topBanks() { return base.topBanks(); }
        public Duration qualityInterval() { return base.qualityInterval(); }
        public Duration qualityWindow() { return base.qualityWindow(); }
        public Duration qualitySettle() { return base.qualitySettle(); }
    }

    @Test
    void ratePerSecondCountsCompleteSecondsOnly() {
        now.set(1_800_000_000_000L);
        for (int i = 0; i < 7; i++) {
            aggregates.transaction("bank-a", "m-1", null, "1.00", "EUR");
        }
        now.addAndGet(1000);
        for (int i = 0; i < 3; i++) {
            aggregates.transaction("bank-a", "m-1", null, "1.00", "EUR");
        }
        now.addAndGet(1000);

        Snapshot s = snapshot();
        assertThat(s.transactionsPerSecond()).isEqualTo(3);
        long[] series = s.transactionsSeries();
        assertThat(series).hasSize(120);
        assertThat(series[118]).isEqualTo(7);
        assertThat(series[119]).isEqualTo(3);
    }

    @Test
    void ranksRiskyAccountsAndReadsVerdictLatencyPercentiles() {
        Instant committed = Instant.parse("2026-11-22T10:00:00Z");
        for (int i = 1; i <= 100; i++) {
            aggregates.verdict("acc-" + (i % 2 == 0 ? "even" : "odd"), "m-1", 0.1, "ALLOW", committed,
                    committed.plusMillis(i));
        }
        aggregates.verdict("acc-risky", "m-bad", 0.9, "BLOCK", committed, committed.plusMillis(50));
        aggregates.verdict("acc-risky", "m-bad", 0.7, "ALERT", committed, committed.plusMillis(50));
        aggregates.verdict("acc-other", "m-bad", 0.6, "REVIEW", committed, committed.plusMillis(50));

        Snapshot s = snapshot();

        assertThat(s.riskyAccounts()).extracting(Snapshot.Risk::id).containsExactly("acc-risky", "acc-other");
        assertThat(s.riskyAccounts().getFirst().alerts()).isEqualTo(2);
        assertThat(s.riskyAccounts().getFirst().meanScore()).isEqualTo(0.8);
        assertThat(s.riskyMerchants()).extracting(Snapshot.Risk::id).containsExactly("m-bad");
        assertThat(s.decisions()).containsEntry("ALLOW", 100L).containsEntry("BLOCK", 1L);
        assertThat(s.latency().samples()).isEqualTo(103);
        // Bins are at most 10% wide and never under-report.
        assertThat(s.latency().p50Ms()).isBetween(50L, 56L);
        assertThat(s.latency().p99Ms()).isBetween(99L, 109L);
    }

    private Snapshot snapshot() {
        return aggregates.snapshot(PipelineStatus.unknown(), Snapshot.Quality.none(), new Snapshot.Streams(0, 0));
    }

    private static DashboardConfig.Aggregates config() {
        return LiveAggregatesTestConfig.config();
    }
}
