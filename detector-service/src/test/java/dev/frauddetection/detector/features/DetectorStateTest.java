package dev.frauddetection.detector.features;

import org.junit.jupiter.api.Test;

import static dev.frauddetection.detector.features.AccountHistory.DAY;
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
}
