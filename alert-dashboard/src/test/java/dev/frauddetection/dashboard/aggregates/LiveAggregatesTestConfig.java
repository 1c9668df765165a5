package dev.frauddetection.dashboard.aggregates;

import dev.frauddetection.dashboard.config.DashboardConfig;

import java.time.Duration;

/** The production defaults of the aggregate settings, for tests that build {@link LiveAggregates} themselves. */
public final class LiveAggregatesTestConfig {

    private LiveAggregatesTestConfig() {
    }

    public static DashboardConfig.Aggregates config() {
        return new DashboardConfig.Aggregates() {
            public Duration snapshotInterval() { return Duration.ofSeconds(1); }
            public Duration window() { return Duration.ofMinutes(5); }
            public Duration shortWindow() { return Duration.ofMinutes(1); }
            public int rateHistorySeconds() { return 120; }
            public int topN() { return 10; }
            public int topBanks() { return 20; }
            public int maxKeys() { return 10_000; }
            public Duration qualityInterval() { return Duration.ofSeconds(10); }
            public Duration qualityWindow() { return Duration.ofMinutes(30); }
            public Duration qualitySettle() { return Duration.ofSeconds(30); }
        };
    }
}
