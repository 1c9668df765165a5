package dev.frauddetection.logging;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

class CardNumberLogFilterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain                | value 4111111111111111 refused          | value [card ****1111] refused",
            "grouped              | pan 4111 1111 1111 1111.                | pan [card ****1111].",
            "dots and dashes      | 5555.5555.5555-4444 and 378282246310005 | [card ****4444] and [card ****0005]",
            "in a token           | pan:4111111111111111x                   | pan:[card ****1111]x",
            "fails Luhn: kept     | order 4000056655665557                  | order 4000056655665557",
            "too short: kept      | offset 41111111111                      | offset 41111111111",
            "too long: kept       | 41111111111111111111111                 | 41111111111111111111111",
            "two separators: kept | 4111  1111 1111 1111                    | 4111  1111 1111 1111",
    })
    void masksCardNumbersAndLeavesOtherNumbers(String what, String text, String masked) {
        assertThat(CardNumberMask.mask(text)).isEqualTo(masked);
    }

    @Test
    void textWithoutOneIsTheSameInstance() {
        String text = "nothing to see at 1796672888000 ms";
        assertThat(CardNumberMask.mask(text)).isSameAs(text);
    }

    /** The number may come in through a parameter: the formatted message is what is masked. */
    @Test
    void theFilterRewritesTheFormattedMessageAndNeverDropsARecord() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Dead-lettering at %d: %s", ExtLogRecord.FormatStyle.PRINTF,
                CardNumberLogFilterTest.class.getName());
        record.setParameters(new Object[]{42, "Cannot deserialize \"4111-1111-1111-1111\""});

        assertThat(new CardNumberLogFilter().isLoggable(record)).isTrue();
        assertThat(record.getFormattedMessage()).isEqualTo("Dead-lettering at 42: Cannot deserialize \"[card ****1111]\"");

        ExtLogRecord clean = new ExtLogRecord(Level.INFO, "Rule set %d is active", ExtLogRecord.FormatStyle.PRINTF, "x");
        clean.setParameters(new Object[]{3});
        assertThat(new CardNumberLogFilter().isLoggable(clean)).isTrue();
        assertThat(clean.getFormattedMessage()).isEqualTo("Rule set 3 is active");
    }
}
