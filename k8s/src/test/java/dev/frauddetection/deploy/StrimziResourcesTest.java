package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The files under strimzi/, as `kubectl apply -f` would send them and as the chart and the local stack read them. */
class StrimziResourcesTest {

    @Test
    void everyStrimziFileMatchesTheStrimziCrdOrKubernetesSchemaWithUnknownFieldsRejected() {
        List<String> errors = new ArrayList<>();
        List<Path> files = Project.yamlFiles(Project.STRIMZI);
        for (Path file : files) {
            for (ObjectNode resource : Project.documents(file)) {
                ManifestValidator.validate(resource).forEach(e ->
                        errors.add(Project.STRIMZI.relativize(file) + " " + Project.describe(resource) + ": " + e));
            }
        }

        assertThat(files).hasSizeGreaterThan(20);
        assertThat(errors).isEmpty();
    }

    @Test
    void everyTopicOfTheDesignIsDeclaredWithRetentionOrCompactionChosen() {
        Set<String> declared = new HashSet<>();
        for (ObjectNode topic : resources("topics")) {
            JsonNode spec = topic.path("spec");
            declared.add(spec.path("topicName").asText(topic.path("metadata").path("name").asText()));
            String policy = spec.path("config").path("cleanup.policy").asText();
            assertThat(policy).as(Project.describe(topic)).isIn("delete", "compact");
            if (policy.equals("delete")) {
                assertThat(spec.path("config").path("retention.ms").asLong()).as(Project.describe(topic)).isPositive();
            }
            assertThat(spec.path("partitions").asInt()).as(Project.describe(topic)).isPositive();
        }

        // The topics of DESIGN.md's contracts, plus the connectors' heartbeat topics.
        assertThat(declared).contains("payments.public.transactions", "transactions.legit", "transactions.fraud",
                "fraud-alerts", "fraud-rules", "fraud-rules.dlq", "transactions.dlq",
                "__debezium-heartbeat.payments", "__debezium-heartbeat.outbox");
    }

    @Test
    void productionKafkaHasThreeBrokersReplicationThreeAndMinIsrTwoAndKindOneNode() {
        JsonNode production = resource("kafka", "Kafka").path("spec").path("kafka").path("config");
        JsonNode kind = resource("kafka-kind", "Kafka").path("spec").path("kafka").path("config");

        assertThat(production.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(production.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(resources("kafka").stream().filter(r -> r.path("kind").asText().equals("KafkaNodePool"))
                .mapToInt(r -> r.path("spec").path("replicas").asInt()).sum()).isEqualTo(6);
        assertThat(kind.path("default.replication.factor").asInt()).isEqualTo(1);
        for (String dir : List.of("kafka", "kafka-kind")) {
            for (JsonNode listener : resource(dir, "Kafka").path("spec").path("kafka").path("listeners")) {
                assertThat(listener.path("authentication").path("type").asText()).as(dir + " " + listener).isEqualTo("scram-sha-512");
                assertThat(listener.path("networkPolicyPeers")).as(dir + " " + listener).isNotEmpty();
            }
        }
        assertThat(resources("kafka-kind").stream().filter(r -> r.path("kind").asText().equals("KafkaNodePool"))
                .mapToInt(r -> r.path("spec").path("replicas").asInt()).sum()).isEqualTo(1);
    }

    @Test
    void kafkaConnectBuildsDebeziumFromAPinnedArchiveAndReadsSecretsThroughTheConfigProvider() {
        JsonNode connect = resource("connect", "KafkaConnect").path("spec");
        JsonNode artifact = connect.path("build").path("plugins").get(0).path("artifacts").get(0);

        assertThat(artifact.path("url").asText()).contains("debezium-connector-postgres").endsWith("-plugin.tar.gz");
        assertThat(artifact.path("sha512sum").asText()).hasSize(128);
        assertThat(connect.path("config").path("config.providers.secrets.class").asText())
                .isEqualTo("io.strimzi.kafka.KubernetesSecretConfigProvider");
        assertThat(connect.path("authentication").path("username").asText()).isEqualTo("fraud-connect");
    }

    @Test
    void connectorsTargetTheConnectClusterAndTheOutboxRoutesToFraudAlertsKeyedByAggregateId() {
        for (ObjectNode connector : resources("connectors")) {
            assertThat(connector.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("fraud-connect");
        }
        JsonNode outbox = resources("connectors").stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("alerts-outbox")).findFirst().orElseThrow()
                .path("spec").path("config");
        assertThat(outbox.path("table.include.list").asText()).isEqualTo("public.outbox_event");
        assertThat(outbox.path("transforms.outbox.type").asText()).isEqualTo("io.debezium.transforms.outbox.EventRouter");
        assertThat(outbox.path("transforms.outbox.route.topic.replacement").asText()).isEqualTo("fraud-alerts");
        assertThat(outbox.path("transforms.outbox.table.field.event.key").asText()).isEqualTo("aggregateid");
    }

    @Test
    void kafkaUsersHoldOnlyNamedLeastPrivilegeAcls() {
        List<ObjectNode> users = resources("security");
        for (ObjectNode user : users) {
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                String what = Project.describe(user) + " " + acl;
                assertThat(acl.path("resource").path("name").asText()).as(what).isNotIn("*", "");
                assertThat(acl.path("type").asText("allow")).as(what).isEqualTo("allow");
                assertThat(acl.path("operations").toString()).as(what).doesNotContain("All", "Delete", "Alter\"");
            }
        }
        assertThat(operations(users, "fraud-detector", "payments.public.transactions")).containsExactlyInAnyOrder("Read", "Describe");
        assertThat(operations(users, "alert-dashboard", "fraud-alerts")).containsExactlyInAnyOrder("Read", "Describe");
        // The dashboard reads the verdicts for its live aggregates, never writes them, and stays off rules and the DLQ.
        assertThat(operations(users, "alert-dashboard", "transactions.fraud")).containsExactlyInAnyOrder("Read", "Describe");
        assertThat(operations(users, "alert-dashboard", "fraud-rules")).isEmpty();
        assertThat(operations(users, "alert-dashboard", "transactions.dlq")).isEmpty();
        assertThat(operations(users, "fraud-connect", "payments.public.transactions")).containsExactlyInAnyOrder("Write", "Describe");
    }

    private static Set<String> operations(List<ObjectNode> users, String user, String topic) {
        Set<String> operations = new HashSet<>();
        users.stream().filter(u -> u.path("metadata").path("name").asText().equals(user)).findFirst().orElseThrow()
                .path("spec").path("authorization").path("acls").forEach(acl -> {
                    if (acl.path("resource").path("name").asText().equals(topic)) {
                        acl.path("operations").forEach(op -> operations.add(op.asText()));
                    }
                });
        return operations;
    }

    private static List<ObjectNode> resources(String dir) {
        return Project.yamlFiles(Project.STRIMZI.resolve(dir)).stream().flatMap(f -> Project.documents(f).stream()).toList();
    }

    private static ObjectNode resource(String dir, String kind) {
        return resources(dir).stream().filter(r -> r.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }
}
