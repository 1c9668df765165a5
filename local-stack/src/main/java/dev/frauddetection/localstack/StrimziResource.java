package dev.frauddetection.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the Strimzi custom resources under strimzi/, which Kubernetes and the local stack share. */
final class StrimziResource {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StrimziResource() {
    }

    static JsonNode read(Path file, String expectedKind) {
        try {
            JsonNode resource = YAML.readTree(file.toFile());
            String kind = resource.path("kind").asText();
            if (!expectedKind.equals(kind)) {
                throw new IllegalArgumentException(file + " is a '" + kind + "', expected a " + expectedKind);
            }
            return resource;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** All resources of one kind in a directory, in file-name order so that start-up is deterministic. */
    static List<JsonNode> readAll(Path dir, String expectedKind) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .map(f -> read(f, expectedKind))
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
