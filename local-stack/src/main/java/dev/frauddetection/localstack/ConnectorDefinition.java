package dev.frauddetection.localstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A Debezium connector as declared by a Strimzi KafkaConnector file, turned into the flat configuration a Kafka
 * Connect worker takes. Only the connection settings are replaced for the local stack; everything else (slot,
 * publication, key columns, converters) is exactly what Kubernetes runs.
 */
record ConnectorDefinition(String name, Map<String, String> config) {

    /**
     * The only keys the local stack may change: where the database is, how to log in, and TLS, which the local
     * PostgreSQL (on 127.0.0.1 only) does not offer; on Kubernetes the connectors verify its certificate.
     */
    static final Set<String> LOCAL_OVERRIDES = Set.of(
            "database.hostname", "database.port", "database.user", "database.password", "database.sslmode",
            "database.sslrootcert");

    static ConnectorDefinition fromStrimzi(Path file, StackSettings settings) {
        JsonNode resource = StrimziResource.read(file, "KafkaConnector");
        JsonNode spec = resource.path("spec");
        String name = resource.path("metadata").path("name").asText();
        if (name.isEmpty() || !spec.hasNonNull("class")) {
            throw new IllegalArgumentException(file + " needs metadata.name and spec.class");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("connector.class", spec.get("class").asText());
        config.put("tasks.max", spec.path("tasksMax").asText("1"));
        spec.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));

        Map<String, String> local = Map.of(
                "database.hostname", "127.0.0.1",
                "database.port", Integer.toString(settings.postgresPort()),
                "database.user", ServiceRoles.CDC.name(),
                "database.password", ServiceRoles.CDC.password(),
                "database.sslmode", "disable");
        local.forEach((key, value) -> {
            if (config.containsKey(key)) {
                config.put(key, value);
            }
        });
        config.remove("database.sslrootcert");
        return new ConnectorDefinition(name, Map.copyOf(config));
    }

    /** The captured table (schema.table). */
    String capturedTable() {
        return config.getOrDefault("table.include.list", "");
    }

    /** The publication the connector reads, which a service's migration makes; it must exist before it starts. */
    String publication() {
        return config.getOrDefault("publication.name", "");
    }
}
