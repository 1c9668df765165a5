package dev.frauddetection.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product's topics as declared by the Strimzi KafkaTopic files, created on the single local broker with the
 * same partitions and topic configuration (retention, compaction) but one replica.
 */
final class TopicDefinition {

    private TopicDefinition() {
    }

    static List<NewTopic> fromStrimzi(Path topicsDir) {
        return StrimziResource.readAll(topicsDir, "KafkaTopic").stream().map(TopicDefinition::toLocalTopic).toList();
    }

    private static NewTopic toLocalTopic(JsonNode resource) {
        JsonNode spec = resource.path("spec");
        String name = spec.path("topicName").asText(resource.path("metadata").path("name").asText());
        Map<String, String> config = new LinkedHashMap<>();
        spec.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        // A single broker cannot satisfy the production durability settings.
        config.put("min.insync.replicas", "1");
        return new NewTopic(name, spec.path("partitions").asInt(1), (short) 1).configs(config);
    }
}
