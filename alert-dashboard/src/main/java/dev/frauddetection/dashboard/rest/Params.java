package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.history.Cursor;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** Query parameters turned into values, or an {@link InvalidParameter} naming the one at fault. */
final class Params {

    static final Set<String> ALERT_DECISIONS = Set.of("REVIEW", "ALERT", "BLOCK");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private Params() {
    }

    static int intIn(String field, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new InvalidParameter(field, "must be from " + min + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidParameter(field, "must be a whole number from " + min + " to " + max + ", got '"
                    + value + "'");
        }
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(field, "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got '"
                    + value + "'");
        }
    }

    static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!ID.matcher(value).matches()) {
            throw new InvalidParameter(field, "must be 1 to 64 letters, digits or . _ : @ -");
        }
        return value;
    }

    static String decision(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String upper = value.trim().toUpperCase(java.util.Locale.ROOT);
        if (!ALERT_DECISIONS.contains(upper)) {
            throw new InvalidParameter("decision", "must be one of REVIEW, ALERT, BLOCK, got '" + value + "'");
        }
        return upper;
    }

    static Cursor cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Cursor.decode(value.trim());
        } catch (RuntimeException e) {
            throw new InvalidParameter("cursor", "must be a next_cursor value returned by this API");
        }
    }

    static void range(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidParameter("to", "must be after from");
        }
    }
}
