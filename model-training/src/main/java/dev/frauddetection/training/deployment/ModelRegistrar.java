package dev.frauddetection.training.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Registers a trained model with the detector's model registry as a candidate (POST /api/models), through the same
 * audited API an administrator uses, with what it learnt from: the window, payments, frauds and the data fingerprint.
 * It judges nothing until someone makes it the challenger.
 */
public final class ModelRegistrar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelRegistrar() {
    }

    /** Returns the registry's summary of the new version; fails with the detector's problem detail if refused. */
    public static String register(URI detector, String token, String reason, Path modelFile, DeploymentHistory history)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("reason", reason);
        body.set("model", JSON.readTree(Files.readAllBytes(modelFile)));
        if (history != null) {
            ObjectNode training = body.putObject("training");
            training.put("from", history.from().toString());
            training.put("to", history.to().toString());
            training.put("payments", history.payments().size());
            training.put("frauds", history.frauds());
            training.put("fingerprint", history.fingerprint());
        }
        HttpRequest request = HttpRequest.newBuilder(detector.resolve("/api/models"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("The detector refused the registration (HTTP " + response.statusCode()
                        + "): " + response.body());
            }
            return response.body();
        }
    }
}
