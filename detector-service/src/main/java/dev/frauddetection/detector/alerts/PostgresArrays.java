package dev.frauddetection.detector.alerts;

import java.util.List;
import java.util.stream.Collectors;

/** A PostgreSQL array literal for text[], quoting every element, so reasons with commas and quotes survive. */
final class PostgresArrays {

    private PostgresArrays() {
    }

    static String literal(List<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
