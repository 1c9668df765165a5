package dev.frauddetection.detector.scoring.rules;

import java.util.Locale;

/**
 * Numbers in the words an analyst reads ("9800.00 EUR", "412 km/h"), written without {@link String#format}: every
 * rule that fires and every alert's model explanation formats a few numbers, and String.format, which parses its
 * pattern on each call, was 18 % of the scoring hot path's time in ScoringBenchmark's JFR profile.
 */
public final class ReasonFormat {

    private static final long[] SCALES = {1, 10, 100, 1_000};
    /** Beyond this magnitude a scaled value no longer fits a long exactly; such numbers go through the slow path. */
    private static final double FAST_LIMIT = 1e15;

    private ReasonFormat() {
    }

    /**
     * {@code value} with {@code decimals} (0 to 3) digits after the point, rounded half away from zero: the same text
     * as {@code String.format(Locale.ROOT, "%.<decimals>f", value)}, except that a value whose binary form lies a hair
     * below a half (1.005 is 1.00499999...) rounds down here and up there.
     */
    public static String fixed(double value, int decimals) {
        return appendFixed(new StringBuilder(24), value, decimals).toString();
    }

    public static StringBuilder appendFixed(StringBuilder out, double value, int decimals) {
        if (decimals < 0 || decimals >= SCALES.length) {
            throw new IllegalArgumentException("decimals must be 0 to " + (SCALES.length - 1) + ", got " + decimals);
        }
        long scale = SCALES[decimals];
        double magnitude = Math.abs(value);
        if (!(magnitude * scale < FAST_LIMIT)) {
            // NaN, infinities and huge values: rare enough for the general formatter.
            return out.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
        }
        long scaled = Math.round(magnitude * scale);
        // String.format keeps the sign of a negative value that rounds to zero ("-0.00"), and so does this.
        if (value < 0 || (value == 0 && Double.doubleToRawLongBits(value) != 0)) {
            out.append('-');
        }
        out.append(scaled / scale);
        if (decimals > 0) {
            out.append('.');
            long fraction = scaled % scale;
            for (long digit = scale / 10; digit > 0; digit /= 10) {
                out.append((char) ('0' + fraction / digit % 10));
            }
        }
        return out;
    }
}
