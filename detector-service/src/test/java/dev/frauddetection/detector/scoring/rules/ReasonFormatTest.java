package dev.frauddetection.detector.scoring.rules;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReasonFormatTest {

    @Test
    void writesWhatStringFormatWritesForOrdinaryValues() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // Amounts, speeds, z-scores and rates, of both signs and many magnitudes.
            double value = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(12) - 3);
            int decimals = random.nextInt(3);
            assertThat(ReasonFormat.fixed(value, decimals))
                    .as("%s with %d decimals", value, decimals)
                    .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
        }
    }

    @Test
    void boundaries() {
        assertThat(ReasonFormat.fixed(0, 2)).isEqualTo("0.00");
        assertThat(ReasonFormat.fixed(9800, 2)).isEqualTo("9800.00");
        assertThat(ReasonFormat.fixed(0.125, 2)).isEqualTo("0.13");
        assertThat(ReasonFormat.fixed(2.5, 0)).isEqualTo("3");
        assertThat(ReasonFormat.fixed(-2.5, 0)).isEqualTo("-3");
        assertThat(ReasonFormat.fixed(0.05, 1)).isEqualTo("0.1");
        assertThat(ReasonFormat.fixed(99.999, 2)).isEqualTo("100.00");
        assertThat(ReasonFormat.fixed(-0.001, 2)).isEqualTo(String.format(Locale.ROOT, "%.2f", -0.001));
        assertThat(ReasonFormat.fixed(-0.0, 2)).isEqualTo(String.format(Locale.ROOT, "%.2f", -0.0));
        assertThat(ReasonFormat.fixed(Double.NaN, 2)).isEqualTo("NaN");
        assertThat(ReasonFormat.fixed(Double.POSITIVE_INFINITY, 0)).isEqualTo("Infinity");
        assertThat(ReasonFormat.fixed(1e300, 2)).isEqualTo(String.format(Locale.ROOT, "%.2f", 1e300));
        assertThat(ReasonFormat.fixed(Long.MAX_VALUE / 10.0, 2)).isEqualTo(String.format(Locale.ROOT, "%.2f", Long.MAX_VALUE / 10.0));
    }

    @Test
    void refusesDecimalsItCannotWrite() {
        assertThatThrownBy(() -> ReasonFormat.fixed(1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReasonFormat.fixed(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
