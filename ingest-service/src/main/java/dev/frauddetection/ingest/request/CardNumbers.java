package dev.frauddetection.ingest.request;

import dev.frauddetection.logging.CardNumberMask;

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

    private CardNumbers() {
    }

    /** True if the text holds a run of digits that is a card number (the log-masking module's one definition). */
    public static boolean holdsCardNumber(String text) {
        return CardNumberMask.holdsCardNumber(text);
    }
}
