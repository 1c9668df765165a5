package dev.frauddetection.localstack;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack runs the very connector and topics Kubernetes runs, except for where the database is. */
class ConnectorDefinitionTest {

    private static final Path STRIMZI = Path.of(System.getProperty("fraud.home", ".."), "strimzi");

    private final StackSettings settings = StackSettings.fromEnvironment(Map.of(
            "FRAUD_HOME", STRIMZI.getParent().toString(), "FRAUD_PG_PORT", "15432",
            "FRAUD_PG_USER", "payments", "FRAUD_PG_PASSWORD", "secret"));

    @Test
    void substitutesOnlyTheConnectionSettings() {
        Path file = STRIMZI.resolve("connectors/transactions-cdc.yaml");
        Map<String, String> kubernetes = new HashMap<>(StrimziResource.read(file, "KafkaConnector").path("spec")
                .path("config").properties().stream()
                .collect(HashMap::new, (m, e) -> m.put(e.getKey(), e.getValue().asText()), HashMap::putAll));

        ConnectorDefinition local = ConnectorDefinition.fromStrimzi(file, settings);

        assertThat(local.config()).containsEntry("database.hostname", "127.0.0.1")
                .containsEntry("database.port", "15432")
                .containsEntry("database.user", "fraud_cdc")
                .containsEntry("database.password", "cdc-local")
                .containsEntry("database.sslmode", "disable")
                .doesNotContainKey("database.sslrootcert");
        Map<String, String> unchanged = new HashMap<>(local.config());
        ConnectorDefinition.LOCAL_OVERRIDES.forEach(unchanged::remove);
        ConnectorDefinition.LOCAL_OVERRIDES.forEach(kubernetes::remove);
        unchanged.remove("name");
        unchanged.remove("connector.class");
        unchanged.remove("tasks.max");
        assertThat(unchanged).isEqualTo(kubernetes);
    }

    @Test
    void carriesTheSettingsTheDetectorReliesOn() {
        ConnectorDefinition local = ConnectorDefinition.fromStrimzi(STRIMZI.resolve("connectors/transactions-cdc.yaml"), settings);

        assertThat(local.name()).isEqualTo("transactions-cdc");
        assertThat(local.config())
                .containsEntry("connector.class", "io.debezium.connector.postgresql.PostgresConnector")
                .containsEntry("tasks.max", "1")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("decimal.handling.mode", "string")
                .containsEntry("message.key.columns", "public.transactions:account_id")
                .containsEntry("topic.prefix", "payments");
        assertThat(local.config().get("heartbeat.interval.ms")).isNotBlank();
        assertThat(local.capturedTable()).isEqualTo("public.transactions");
    }

    @Test
    void theOutboxConnectorWaitsForItsTableAndRoutesAlertsToFraudAlerts() {
        ConnectorDefinition outbox = ConnectorDefinition.fromStrimzi(STRIMZI.resolve("connectors/alerts-outbox.yaml"), settings);

        assertThat(outbox.capturedTable()).isEqualTo("public.outbox_event");
        assertThat(outbox.config()).containsEntry("database.hostname", "127.0.0.1")
                .containsEntry("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter")
                .containsEntry("transforms.outbox.route.topic.replacement", "fraud-alerts")
                .containsEntry("transforms.outbox.table.field.event.key", "aggregateid");
    }

    @Test
    void createsEveryTopicOfTheDesignWithOneReplicaAndItsOwnRetention() {
        List<NewTopic> topics = TopicDefinition.fromStrimzi(STRIMZI.resolve("topics"));

        // The design's topics, the two connectors' heartbeat topics (brokers do not auto-create topics), and the
        // detector's compacted state checkpoints, dead letters of the rules topic and the model registry.
        assertThat(topics).extracting(NewTopic::name).containsExactlyInAnyOrder("payments.public.transactions",
                "transactions.legit", "transactions.fraud", "fraud-alerts", "fraud-rules", "fraud-rules.dlq", "transactions.dlq",
                "__debezium-heartbeat.payments", "__debezium-heartbeat.outbox", "fraud-detector-state", "fraud-models");
        assertThat(topics).allSatisfy(t -> {
            assertThat(t.replicationFactor()).isEqualTo((short) 1);
            assertThat(t.configs()).containsEntry("min.insync.replicas", "1");
        });
        NewTopic rules = topics.stream().filter(t -> t.name().equals("fraud-rules")).findFirst().orElseThrow();
        assertThat(rules.configs()).containsEntry("cleanup.policy", "compact");
        NewTopic models = topics.stream().filter(t -> t.name().equals("fraud-models")).findFirst().orElseThrow();
        assertThat(models.configs()).containsEntry("cleanup.policy", "compact").containsEntry("max.message.bytes", "8388608");
    }
}
