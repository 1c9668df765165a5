package dev.frauddetection.dashboard.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumbersTest {

    @Test
    void showsOnlyTheLastFourDigitsOfACard() {
        assertThat(CardNumbers.lastFour("4242")).isEqualTo("•••• 4242");
        assertThat(CardNumbers.lastFour("4111111111111111")).isEqualTo("•••• 1111");
        assertThat(CardNumbers.lastFour(null)).isNull();
    }

    @Test
    void cutsCardNumbersInFreeTextDownToTheirLastFourDigits() {
        String scrubbed = CardNumbers.scrub("customer read 4111 1111 1111 1234 and 5500-0000-0000-0004 on the phone");

        assertThat(scrubbed).isEqualTo("customer read •••• 1234 and •••• 0004 on the phone");
        assertThat(scrubbed).doesNotContain("4111").doesNotContain("5500");
    }

    @Test
    void leavesAmountsIdsAndShortNumbersAlone() {
        String reason = "velocity-burst: 12 payments in 60 s on account acc-000123, amount 9800.00 EUR";
        assertThat(CardNumbers.scrub(reason)).isEqualTo(reason);
    }
}
