package dev.frauddetection.detector.features;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateBudgetTest {

    private static final long MIB = 1L << 20;

    @Test
    void givesTheBudgetsTheChartRendersForItsHeaps() {
        // The chart's kind and production values: 9 payments per account in 25 hours (HelmChartTest holds the
        // rendered budgets to detector-service's pom, whose soak executions use them).
        assertThat(StateBudget.forHeap(319 * MIB, 9)).isEqualTo(50_074);
        assertThat(StateBudget.forHeap(2_124 * MIB, 9)).isEqualTo(333_409);
    }

    @Test
    void withoutAConfiguredBudgetTheLocalStacksHeapHoldsAllItsSimulatedAccounts() {
        // The local stack gives the detector 4 GB; its simulator pays 80/s over 500,000 accounts (15 per 25 h).
        assertThat(StateBudget.forHeap(4_096 * MIB)).isEqualTo(550_636).isGreaterThan(500_000);
    }

    @Test
    void busierAccountsCostMoreUpToTheRecentPaymentsAHistoryKeeps() {
        assertThat(StateBudget.forHeap(1_024 * MIB, 1)).isGreaterThan(StateBudget.forHeap(1_024 * MIB, 100));
        assertThat(StateBudget.forHeap(1_024 * MIB, 256)).isEqualTo(StateBudget.forHeap(1_024 * MIB, 10_000));
        assertThat(StateBudget.forHeap(1, 0)).isEqualTo(1);
        assertThatThrownBy(() -> StateBudget.forHeap(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateBudget.forHeap(MIB, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
