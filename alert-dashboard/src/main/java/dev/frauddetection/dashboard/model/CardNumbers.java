package dev.frauddetection.dashboard.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card numbers never leave the dashboard beyond their last 4 digits. The payments table stores only the last 4, but
 * free text (alert reasons, analysts' notes, merchant names from outside writers) could carry a full number, so any
 * run of 12 to 19 digits, spaces or dashes allowed between them, is cut down to its last 4.
 */
public final class CardNumbers {

    private static final Pattern PAN = Pattern.compile("\\b\\d(?:[ -]?\\d){11,18}\\b");
    private static final String MASK = "•••• ";

    private CardNumbers() {
    }

    /** The card as the dashboard shows it: "•••• 4242"; null when there is no card (a wire transfer, say). */
    public static String lastFour(String digits) {
        if (digits == null) {
            return null;
        }
        String only = digits.replaceAll("\\D", "");
        return only.length() < 4 ? null : MASK + only.substring(only.length() - 4);
    }

    /** The text with every card-number-like run of digits reduced to its last 4. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = PAN.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(lastFour(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
