package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Test payments: defaults for everything a test does not care about. */
public final class Payments {

    public static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();

    private Payments() {
    }

    public static Payment at(long millisAfterT0, double euros) {
        return at(millisAfterT0, euros, "DE", "m-1");
    }

    public static Payment at(long millisAfterT0, double euros, String country, String merchant) {
        return new Payment("tx-" + IDS.incrementAndGet(), "acc-1", "fp-1", merchant, "5411", "CARD_PRESENT", euros,
                "EUR", country, 52.52, 13.40, T0.toEpochMilli() + millisAfterT0);
    }

    public static Payment located(long millisAfterT0, double lat, double lon, String channel) {
        return new Payment("tx-" + IDS.incrementAndGet(), "acc-1", "fp-1", "m-1", "5411", channel, 20, "EUR", "DE",
                lat, lon, T0.toEpochMilli() + millisAfterT0);
    }
}
