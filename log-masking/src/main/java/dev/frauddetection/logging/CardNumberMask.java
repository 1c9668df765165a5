package dev.frauddetection.logging;

/**
 * Cuts card numbers in text to their last 4 digits. A card number here is what ingest-service refuses: a run of 12 to
 * 19 digits, single spaces, dots, dashes, underscores or slashes allowed between two digits, that passes the Luhn
 * check (ISO/IEC 7812). Luhn keeps most other long numbers (offsets, epoch milliseconds) readable: only one in ten
 * passes it by chance.
 */
public final class CardNumberMask {

    static final String MASK = "[card ****";

    private CardNumberMask() {
    }

    /** The text with each card number replaced by "[card ****1234]"; the same instance when there is none. */
    public static String mask(String text) {
        if (text == null || text.length() < 12) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                i++;
                continue;
            }
            // the run: digits, each pair possibly joined by one separator
            int[] digits = new int[20];
            int count = 0;
            int end = i;
            while (end < n) {
                char c = text.charAt(end);
                if (c >= '0' && c <= '9') {
                    if (count < digits.length) {
                        digits[count] = c - '0';
                    }
                    count++;
                    end++;
                } else if (isSeparator(c) && end + 1 < n && text.charAt(end + 1) >= '0' && text.charAt(end + 1) <= '9'
                        && end > i) {
                    end++;
                } else {
                    break;
                }
            }
            if (count >= 12 && count <= 19 && luhn(digits, count)) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, i).append(MASK);
                for (int d = count - 4; d < count; d++) {
                    out.append(digits[d]);
                }
                out.append(']');
                copied = end;
            }
            i = end;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_' || c == '/';
    }

    private static boolean luhn(int[] digits, int count) {
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
}
