package dev.frauddetection.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local Connect worker batches change events as the Kubernetes workers do. */
class ConnectWorkerTest {

    private static final Path STRIMZI = Path.of(System.getProperty("fraud.home", ".."), "strimzi");

    @Test
    void takesTheProducerSettingsOfTheStrimziKafkaConnect() {
        assertThat(ConnectWorker.producerSettings(STRIMZI.resolve("connect/fraud-connect.yaml")))
                .containsEntry("producer.linger.ms", "20")
                .containsEntry("producer.batch.size", "262144")
                .containsEntry("producer.compression.type", "lz4")
                .allSatisfy((key, value) -> assertThat(key).startsWith("producer."));
    }

    @Test
    void takesNothingElse(@TempDir Path dir) throws Exception {
        Path resource = dir.resolve("connect.yaml");
        Files.writeString(resource, """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaConnect
                spec:
                  config:
                    config.providers: secrets
                    producer.acks: all
                    consumer.max.poll.records: 10
                """);

        assertThat(ConnectWorker.producerSettings(resource)).containsOnlyKeys("producer.acks");
    }

    @Test
    void refusesAnotherKindOfResource(@TempDir Path dir) throws Exception {
        Path resource = dir.resolve("connector.yaml");
        Files.writeString(resource, "kind: KafkaConnector\nspec: {}\n");

        assertThatThrownBy(() -> ConnectWorker.producerSettings(resource))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a KafkaConnect");
    }
}
