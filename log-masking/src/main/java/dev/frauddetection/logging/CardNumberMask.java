package dev.frauddetection.logging;

/**
 * Finds and masks card numbers (PANs) in text. A card number is a run of 12 to 19 digits, single spaces, dots,
 * dashes, underscores or slashes allowed between two digits ("4111 1111 1111 1111", "pan:4111.1111.1111.1111"), that
 * passes the Luhn check (ISO/IEC 7812); a longer run is not one. The one definition for the whole system:
 * ingest-service refuses such text in every field (and its database constraint agrees, CardNumbersTest), and the log
 * filter masks it. Luhn keeps most other long numbers (offsets, epoch milliseconds) readable: one in ten passes it by
 * chance.
 */
public final class CardNumberMask {

    static final int MIN_DIGITS = 12;
    static final int MAX_DIGITS = 19;
    static final String MASK = "[card ****";

    private CardNumberMask() {
    }

    /** True if the text holds a card number. */
    public static boolean holdsCardNumber(String text) {
        return text != null && next(text, 0, new int[MAX_DIGITS]) >= 0;
    }

    /** The text with each card number replaced by "[card ****1234]"; the same instance when there is none. */
    public static String mask(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return text;
        }
        int[] digits = new int[MAX_DIGITS];
        StringBuilder out = null;
        int copied = 0;
        long found;
        int from = 0;
        while ((found = next(text, from, digits)) >= 0) {
            int start = (int) (found >>> 32);
            int end = (int) found;
            int count = countDigits(text, start, end);
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append(MASK);
            for (int d = count - 4; d < count; d++) {
                out.append(digits[d]);
            }
            out.append(']');
            copied = end;
            from = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * The next card number at or after {@code from}, as start and end index packed in a long ({@code start << 32 |
     * end}), its digits left in {@code digits}; -1 when there is none.
     */
    private static long next(String text, int from, int[] digits) {
        int n = text.length();
        int i = from;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // A run: digits, each pair possibly joined by one separator. Only the first 19 digits are kept: a longer
            // run is not a card number.
            int count = 0;
            int end = i;
            while (end < n) {
                char c = text.charAt(end);
                if (isDigit(c)) {
                    if (count < MAX_DIGITS) {
                        digits[count] = c - '0';
                    }
                    count++;
                    end++;
                } else if (isSeparator(c) && end + 1 < n && isDigit(text.charAt(end + 1))) {
                    end++;
                } else {
                    break;
                }
            }
            if (count >= MIN_DIGITS && count <= MAX_DIGITS && passesLuhn(digits, count)) {
                return ((long) i << 32) | end;
            }
            i = end;
        }
        return -1;
    }

    private static int countDigits(String text, int start, int end) {
        int count = 0;
        for (int i = start; i < end; i++) {
            if (isDigit(text.charAt(i))) {
                count++;
            }
        }
        return count;
    }

    static boolean passesLuhn(int[] digits, int count) {
        int sum = 0;
        for (int k = 0; k < count; k++) {
            int d = digits[count - 1 - k];
            if (k % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_' || c == '/';
    }
}
