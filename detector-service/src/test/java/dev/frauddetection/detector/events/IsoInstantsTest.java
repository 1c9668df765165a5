package dev.frauddetection.detector.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IsoInstantsTest {

    /** Years 0000-9999 and every nano precision the JDK prints (none, 3, 6, 9 digits) and parses (1-9 digits). */
    @Test
    void readsAndWritesWhatTheJdkDoesOnRandomInstants() {
        Random random = new Random(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = i % 4 == 0 ? min + (long) (random.nextDouble() * (max - min))
                    : 1_700_000_000L + random.nextInt(200_000_000) - 100_000_000;
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();
            assertEquals(text, IsoInstants.toString(instant));
            assertEquals(instant, IsoInstants.parseUtc(text), text);
            // 1 to 9 fraction digits, as Debezium and PostgreSQL send them (trailing zeros cut or kept).
            int digits = 1 + random.nextInt(9);
            String fraction = String.format("%09d", nanos).substring(0, digits);
            String withDigits = text.substring(0, 19) + "." + fraction + "Z";
            assertEquals(Instant.parse(withDigits), IsoInstants.parseUtc(withDigits), withDigits);
        }
    }

    @Test
    void leavesEveryOtherLayoutToTheJdk() {
        List<String> unusual = List.of("2026-12-02t11:26:17z", "2026-12-02T11:26:17+01:00", "2026-12-02T24:00:00Z",
                "2026-06-30T23:59:60Z", "+12026-12-02T11:26:17Z", "2026-12-02T11:26:17.Z", "2026-12-02T11:26Z");
        for (String text : unusual) {
            assertNull(IsoInstants.parseUtc(text), text);
            Instant jdk;
            try {
                jdk = Instant.parse(text);
            } catch (DateTimeParseException e) {
                assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
                continue;
            }
            assertEquals(jdk, IsoInstants.parse(text), text);
        }
        for (Instant outside : List.of(Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertEquals(outside.toString(), IsoInstants.toString(outside));
        }
    }

    /** Malformed text: the same exception as Instant.parse, never a different instant. */
    @Test
    void refusesWhatTheJdkRefuses() {
        List<String> malformed = List.of("", "Z", "2026-13-02T11:26:17Z", "2026-00-10T11:26:17Z", "2026-02-30T11:26:17Z",
                "2025-02-29T11:26:17Z", "2026-12-32T11:26:17Z", "2026-12-02T11:60:17Z", "2026-12-02T11:26:61Z",
                "2026-12-02T11:26:17.1234567890Z", "2026-12-02 11:26:17Z", "2026-12-02T11:26:17", "2026-1a-02T11:26:17Z",
                "2026-12-02T11:26:17.12a4Z", "2026-12-02T11:26:17xZ", "２026-12-02T11:26:17Z", "2026-12-02T-1:26:17Z");
        for (String text : malformed) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), "the JDK takes " + text);
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
        }
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), IsoInstants.parseUtc("2024-02-29T00:00:00Z"));
        assertEquals(Instant.parse("2000-02-29T00:00:00Z"), IsoInstants.parseUtc("2000-02-29T00:00:00Z"));
        assertNull(IsoInstants.parseUtc("1900-02-29T00:00:00Z"));
    }
}
