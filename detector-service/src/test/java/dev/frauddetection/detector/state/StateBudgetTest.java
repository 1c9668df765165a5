package dev.frauddetection.detector.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateBudgetTest {

    private static final long MIB = 1L << 20;

    @Test
    void givesTheBudgetsTheChartRendersForItsHeaps() {
        // The chart's kind and production values: 9 payments per account in 25 hours; 2,000 merchants over all six
        // partitions on kind, 200,000 over a production replica's two (HelmChartTest holds the rendered budgets to
        // detector-service's pom, whose soak executions use them).
        assertThat(StateBudget.accountsFor(KIND_HEAP * MIB, 2_000, 9, 6)).isEqualTo(KIND_BUDGET);
        assertThat(StateBudget.accountsFor(PRODUCTION_HEAP * MIB, 200_000, 9, 2)).isEqualTo(PRODUCTION_BUDGET);
    }

    @Test
    void withoutAConfiguredBudgetTheLocalStacksHeapHoldsAllItsSimulatedAccounts() {
        // The local stack gives the detector 4 GB; its simulator pays 80/s over 500,000 accounts (15 per 25 h).
        assertThat(StateBudget.accountsFor(4_096 * MIB, StateBudget.DEFAULT_MERCHANTS)).isGreaterThan(500_000);
    }

    @Test
    void busierAccountsAndMoreMerchantsLeaveRoomForFewerAccounts() {
        assertThat(StateBudget.accountsFor(1_024 * MIB, 0, 1, 6)).isGreaterThan(StateBudget.accountsFor(1_024 * MIB, 0, 100, 6));
        assertThat(StateBudget.accountsFor(1_024 * MIB, 0, 256, 6)).isEqualTo(StateBudget.accountsFor(1_024 * MIB, 0, 10_000, 6));
        assertThat(StateBudget.accountsFor(1_024 * MIB, 0, 9, 6)).isGreaterThan(StateBudget.accountsFor(1_024 * MIB, 50_000, 9, 6));
        assertThat(StateBudget.accountsFor(MIB, 1_000_000, 9, 6)).as("merchants alone fill the heap").isEqualTo(1);
        assertThatThrownBy(() -> StateBudget.accountsFor(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateBudget.accountsFor(MIB, 0, -1, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateBudget.accountsFor(MIB, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // What the chart renders: heap in MiB and FRAUD_DETECTOR_STATE_MAX_ACCOUNTS.
    private static final long KIND_HEAP = 335;
    private static final int KIND_BUDGET = 50_140;
    private static final long PRODUCTION_HEAP = 2_792;
    private static final int PRODUCTION_BUDGET = 333_476;
}
