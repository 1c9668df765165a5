package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector settings Kubernetes runs (the chart's KafkaConnectors) and those the local stack runs (the same
 * strimzi/connectors files, read by local-stack's ConnectorDefinition) differ only in where the database is and
 * how to log in, and in exactly the keys the local stack substitutes.
 */
class ConnectorSettingsAgreeTest {

    private static final Path LOCAL_STACK_CONNECTOR = Project.ROOT.resolve(
            "local-stack/src/main/java/dev/frauddetection/localstack/ConnectorDefinition.java");

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void chartAndLocalStackRunTheSameConnectorConfigurationApartFromTheConnection(HelmChart values) throws Exception {
        Set<String> localOverrides = localStackOverrides();
        for (Path file : Project.yamlFiles(Project.STRIMZI.resolve("connectors"))) {
            ObjectNode declared = Project.documents(file).getFirst();
            ObjectNode rendered = values.find("KafkaConnector", declared.path("metadata").path("name").asText());
            Map<String, String> kubernetes = flat(rendered.path("spec").path("config"));
            Map<String, String> local = flat(declared.path("spec").path("config"));

            Set<String> changedByChart = kubernetes.keySet().stream()
                    .filter(k -> !kubernetes.get(k).equals(local.get(k))).collect(Collectors.toSet());
            assertThat(localOverrides).as("keys the chart changes in " + file.getFileName()).containsAll(changedByChart);
            localOverrides.forEach(kubernetes::remove);
            localOverrides.forEach(local::remove);
            assertThat(kubernetes).as(file.getFileName().toString()).isEqualTo(local);
            assertThat(rendered.path("spec").path("class")).isEqualTo(declared.path("spec").path("class"));
            assertThat(rendered.path("spec").path("tasksMax")).isEqualTo(declared.path("spec").path("tasksMax"));
            assertThat(rendered.path("spec").path("config").path("database.user").asText())
                    .isEqualTo("${secrets:" + HelmChart.NAMESPACE + "/payments-db-cdc-credentials:username}");
            // Debezium's own role reads the publications the migrations make; it never creates one (issue 22)
            assertThat(rendered.path("spec").path("config").path("publication.autocreate.mode").asText()).isEqualTo("disabled");
        }
    }

    /** ConnectorDefinition.LOCAL_OVERRIDES, read from its source so that the two lists cannot drift apart. */
    private static Set<String> localStackOverrides() throws Exception {
        Matcher set = Pattern.compile("LOCAL_OVERRIDES\\s*=\\s*Set\\.of\\(([^)]*)\\)", Pattern.DOTALL)
                .matcher(Files.readString(LOCAL_STACK_CONNECTOR));
        assertThat(set.find()).as("LOCAL_OVERRIDES in " + LOCAL_STACK_CONNECTOR).isTrue();
        Set<String> keys = Arrays.stream(set.group(1).split(","))
                .map(k -> k.strip().replace("\"", "")).filter(k -> !k.isEmpty()).collect(Collectors.toSet());
        assertThat(keys).contains("database.hostname", "database.password");
        return keys;
    }

    private static Map<String, String> flat(JsonNode config) {
        Map<String, String> values = new HashMap<>();
        config.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
