package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model version in the registry (the compacted {@code fraud-models} topic, key {@code version/<version>}): the model
 * file itself and what is known of where it came from, so that an operator deciding to try or promote it can see what
 * it was trained on and how it did on held-out data. Registered as a candidate: it scores nothing until an
 * {@link ModelAssignment} names it champion or challenger.
 *
 * @param training null for a model not trained by {@code train --from-database} (uploaded, or the shipped one)
 */
public record ModelRegistration(FraudModel model, Instant registeredAt, String registeredBy, String source,
                                TrainingWindow training) {

    /** Topic keys of registrations start with this; the rest is the version. */
    public static final String KEY_PREFIX = "version/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a model trained on the deployment's own payments learnt from. */
    public record TrainingWindow(Instant from, Instant to, long payments, long frauds, String fingerprint) {
    }

    public ModelRegistration {
        if (model == null) {
            throw new IllegalArgumentException("a registration needs a model");
        }
    }

    public String version() {
        return model.version();
    }

    public String key() {
        return KEY_PREFIX + version();
    }

    public Optional<TrainingWindow> trainingWindow() {
        return Optional.ofNullable(training);
    }

    /** The record's value: {"registered_at", "registered_by", "source", "training", "model"}. */
    public byte[] json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version());
        root.put("registered_at", registeredAt.toString());
        root.put("registered_by", registeredBy);
        root.put("source", source);
        if (training != null) {
            ObjectNode window = root.putObject("training");
            window.put("from", training.from().toString());
            window.put("to", training.to().toString());
            window.put("payments", training.payments());
            window.put("frauds", training.frauds());
            window.put("fingerprint", training.fingerprint());
        }
        try {
            root.set("model", JSON.readTree(FraudModel.ModelFiles.bytes(model)));
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a registration; fails with a message naming the field on anything this detector cannot use. */
    public static ModelRegistration parse(byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a registration must be a JSON object");
        }
        JsonNode modelNode = root.path("model");
        if (!modelNode.isObject()) {
            throw new IllegalArgumentException("model is missing");
        }
        FraudModel model;
        try {
            model = FraudModel.read(new ByteArrayInputStream(JSON.writeValueAsBytes(modelNode)));
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("model: " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()));
        }
        String version = root.path("version").asText(model.version());
        if (!version.equals(model.version())) {
            throw new IllegalArgumentException("version " + version + " is not the model's own (" + model.version() + ")");
        }
        TrainingWindow training = null;
        JsonNode window = root.path("training");
        if (window.isObject()) {
            training = new TrainingWindow(instant(window, "training.from"), instant(window, "training.to"),
                    window.path("payments").asLong(), window.path("frauds").asLong(),
                    window.path("fingerprint").asText(""));
        }
        return new ModelRegistration(model, root.hasNonNull("registered_at")
                ? instant(root, "registered_at") : Instant.EPOCH, root.path("registered_by").asText("unknown"),
                root.path("source").asText("unknown"), training);
    }

    /** What the API lists: everything but the trees and weights. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("version", version());
        summary.put("kind", model.kind());
        summary.put("registered_at", registeredAt.toString());
        summary.put("registered_by", registeredBy);
        summary.put("source", source);
        summary.put("trained_at", model.trainedAt());
        if (training != null) {
            summary.put("training", Map.of("from", training.from().toString(), "to", training.to().toString(),
                    "payments", training.payments(), "frauds", training.frauds(),
                    "fingerprint", training.fingerprint()));
        }
        summary.put("evaluation", model.evaluation());
        return summary;
    }

    private static Instant instant(JsonNode node, String field) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        try {
            return Instant.parse(node.path(name).asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant, not '" + node.path(name).asText()
                    + "'");
        }
    }
}
