package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import org.junit.jupiter.api.Test;

import static dev.frauddetection.detector.state.AccountHistory.DAY;
import static org.assertj.core.api.Assertions.assertThat;

class DetectorStateTest {

    @Test
    void evictsOnlyHistoriesThatFellOutOfEveryWindow() {
        DetectorState state = new DetectorState();
        Payment old = Payments.at(0, 10);
        state.account("acc-old").add(old);
        state.merchant("m-old").addPayment(old.time());
        Payment recent = Payments.at(20 * DAY, 10);
        state.account("acc-recent").add(recent);
        state.observed(old.time());
        state.observed(recent.time());

        state.observed(Payments.at(31 * DAY, 1).time());
        state.evictIdle();

        assertThat(state.accounts()).isEqualTo(1);
        assertThat(state.merchants()).isZero();
        assertThat(state.evicted()).isEqualTo(2);
        assertThat(state.account("acc-recent").count(recent.time() + 1, DAY)).isEqualTo(1);
    }

    /**
     * Past its budget the state evicts the least recently active accounts, down to 90 % of the budget, and says how
     * many and how recently they had paid; the recently active keep their windows (issue 23).
     */
    @Test
    void pastItsBudgetTheLeastRecentlyActiveAccountsAreEvicted() {
        DetectorState state = new DetectorState();
        state.budget(1_000);
        for (int i = 0; i < 5_000; i++) {
            Payment p = Payments.at(i * 60_000L, 10);
            state.account("acc-" + i).add(p);
            state.observed(p.time());
            assertThat(state.accounts()).as("at most 1,024 events between two looks").isLessThanOrEqualTo(1_000 + 1_024);
        }
        state.budget(1_000);
        assertThat(state.accounts()).isLessThanOrEqualTo(1_000);
        assertThat(state.evictedForBudget()).isGreaterThanOrEqualTo(4_000);
        assertThat(state.evicted()).isEqualTo(state.evictedForBudget()).as("none was idle for 30 days");
        assertThat(state.account("acc-4999").count(Payments.at(4_999 * 60_000L, 1).time() + 1, DAY)).isEqualTo(1);
        // the 900 most recent survive every eviction; the oldest are long gone (a new, empty history is made on access)
        assertThat(state.account("acc-0").count(Payments.at(1, 1).time() + 1, 30 * DAY)).isZero();
        // the last eviction removed accounts that had paid about 100 to 200 minutes before the newest event
        assertThat(state.budgetEvictionAge()).isBetween(60 * 60_000L, 1_000 * 60_000L);
    }
}
