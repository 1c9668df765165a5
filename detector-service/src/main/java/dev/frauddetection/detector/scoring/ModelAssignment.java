package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Which registered model versions judge live payments (the {@code fraud-models} topic's {@link #KEY} record, compacted,
 * so the latest is all a starting detector needs): the champion decides every verdict; a challenger, if any, scores
 * every payment too and its decision is recorded, never acted on. {@code sequence} grows by one with every change, so
 * two administrators changing it at once cannot overwrite each other (If-Match).
 */
public record ModelAssignment(long sequence, String champion, String challenger, String changedBy, Instant changedAt,
                              String reason) {

    public static final String KEY = "assignment";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelAssignment {
        if (champion == null || champion.isBlank()) {
            throw new IllegalArgumentException("champion is required");
        }
        if (champion.equals(challenger)) {
            throw new IllegalArgumentException("challenger " + challenger + " is already the champion");
        }
    }

    public byte[] json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("sequence", sequence);
        root.put("champion", champion);
        if (challenger != null) {
            root.put("challenger", challenger);
        }
        root.put("changed_by", changedBy);
        root.put("changed_at", changedAt.toString());
        root.put("reason", reason);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelAssignment parse(byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("sequence").canConvertToLong()
                || !root.path("champion").isTextual()) {
            throw new IllegalArgumentException("an assignment needs a sequence number and a champion version");
        }
        Instant changedAt;
        try {
            changedAt = Instant.parse(root.path("changed_at").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("changed_at must be an ISO-8601 instant");
        }
        return new ModelAssignment(root.path("sequence").asLong(), root.path("champion").asText(),
                root.hasNonNull("challenger") ? root.path("challenger").asText() : null,
                root.path("changed_by").asText("unknown"), changedAt, root.path("reason").asText(""));
    }
}
