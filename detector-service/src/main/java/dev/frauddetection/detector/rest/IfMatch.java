package dev.frauddetection.detector.rest;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number an If-Match header names, as our ETags carry it ({@code 3}, {@code "3"} or {@code W/"3"}): the rule-set
 * version or model assignment a change was made from, so that two administrators cannot overwrite each other.
 */
final class IfMatch {

    private static final Pattern ENTITY_TAG = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private IfMatch() {
    }

    /** Empty when the header is not one of our ETags. */
    static OptionalLong number(String header) {
        Matcher m = ENTITY_TAG.matcher(header);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
