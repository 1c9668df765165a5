package dev.frauddetection.dashboard.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page starts: the last row's (event_time, transaction_id), the history's sort key. Keyset paging
 * stays fast and stable while new alerts arrive, which offsets would not. Opaque to clients (URL-safe base64).
 */
public record Cursor(Instant eventTime, String transactionId) {

    public String encode() {
        String raw = eventTime.getEpochSecond() + ":" + eventTime.getNano() + ":" + transactionId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this API handed out */
    public static Cursor decode(String text) {
        String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        String[] parts = raw.split(":", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a cursor");
        }
        return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
    }
}
