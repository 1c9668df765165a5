package dev.frauddetection.ingest.validation;

/**
 * Finds full card numbers (PANs) in free text, whatever separates their digits: a run of digits in which single
 * spaces, dots, dashes, underscores or slashes may sit between two digits ("4111 1111 1111 1111", "4111.1111.1111.1111",
 * "pan:4111111111111111") is a card number when it holds 12 to 19 digits and passes the Luhn check, as payment card
 * numbers do (ISO/IEC 7812). A random run of that length passes Luhn one time in ten, so an identifier with such a
 * run is refused now and then: the price of never storing a card number.
 *
 * <p>The database enforces the same rule on every writer ({@code holds_card_number} in V3__no_card_numbers.sql);
 * {@code CardNumbersTest} checks that the two agree.
 */
public final class CardNumbers {

    static final int MIN_DIGITS = 12;
    static final int MAX_DIGITS = 19;

    private CardNumbers() {
    }

    /** True if the text holds a run of digits that is a card number. */
    public static boolean holdsCardNumber(String text) {
        if (text == null) {
            return false;
        }
        int n = text.length();
        int[] digits = new int[MAX_DIGITS];
        int i = 0;
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
                return true;
            }
            i = end;
        }
        return false;
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
