package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validators the other tests rely on do reject what a cluster would reject: unknown or misplaced fields, wrong
 * types, values outside an enum, fields of an older API version, kinds nobody knows. Without this, a green run of
 * the manifest tests would prove nothing.
 */
class ValidatorsRejectInvalidManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: sample}
            spec:
              replicas: 1
              selector: {matchLabels: {app: sample}}
              template:
                metadata: {labels: {app: sample}}
                spec:
                  containers:
                    - name: sample
                      image: sample:1
                      ports: [{containerPort: 8080}]
            """;

    @Test
    void aValidDeploymentPasses() {
        assertThat(ManifestValidator.validate(yaml(DEPLOYMENT))).isEmpty();
    }

    @Test
    void kubernetesModelRejectsAMisspelledField() {
        String misspelled = DEPLOYMENT.replace("image: sample:1", "image: sample:1\n          imagePullPolice: Always");

        assertThat(ManifestValidator.validate(yaml(misspelled))).singleElement().asString().contains("imagePullPolice");
    }

    @Test
    void kubernetesModelRejectsAFieldAtTheWrongLevel() {
        String misplaced = DEPLOYMENT.replace("  replicas: 1", "  replicas: 1\n  containers: []");

        assertThat(ManifestValidator.validate(yaml(misplaced))).singleElement().asString().contains("containers");
    }

    @Test
    void kubernetesModelRejectsAWrongType() {
        assertThat(ManifestValidator.validate(yaml(DEPLOYMENT.replace("replicas: 1", "replicas: [1]")))).isNotEmpty();
        assertThat(ManifestValidator.validate(yaml(DEPLOYMENT.replace("containerPort: 8080", "containerPort: http")))).isNotEmpty();
    }

    @Test
    void podMonitorModelRejectsAnUnknownEndpointField() {
        String monitor = """
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata: {name: sample}
                spec:
                  selector: {matchLabels: {app: sample}}
                  podMetricsEndpoints: [{port: http, path: /q/metrics}]
                """;

        assertThat(ManifestValidator.validate(yaml(monitor))).isEmpty();
        assertThat(ManifestValidator.validate(yaml(monitor.replace("path: /q/metrics", "metricsPath: /q/metrics"))))
                .singleElement().asString().contains("metricsPath");
    }

    @Test
    void strimziSchemaRejectsUnknownFieldsWrongEnumsAndRemovedV1beta2Fields() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: sample, labels: {strimzi.io/cluster: fraud-kafka}}
                spec:
                  partitions: 3
                  replicas: 3
                  config: {retention.ms: 1000, any.broker.setting: is-allowed-here}
                """;
        String user = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: sample}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls: [{resource: {type: topic, name: t}, operations: [Read]}]
                """;
        String kafka = """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: sample}
                spec:
                  kafka:
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                """;

        assertThat(ManifestValidator.validate(yaml(topic))).isEmpty();
        assertThat(ManifestValidator.validate(yaml(topic.replace("partitions: 3", "partition: 3")))).isNotEmpty();
        assertThat(ManifestValidator.validate(yaml(topic.replace("partitions: 3", "partitions: three")))).isNotEmpty();
        assertThat(ManifestValidator.validate(yaml(user))).isEmpty();
        assertThat(ManifestValidator.validate(yaml(user.replace("[Read]", "[Destroy]")))).isNotEmpty();
        assertThat(ManifestValidator.validate(yaml(user.replace("operations: [Read]", "operation: Read")))).isNotEmpty();
        assertThat(ManifestValidator.validate(yaml(kafka))).isEmpty();
        // v1beta2 sized the cluster in spec.kafka; v1 has only node pools.
        assertThat(ManifestValidator.validate(yaml(kafka.replace("    listeners:", "    replicas: 3\n    listeners:")))).isNotEmpty();
        assertThat(ManifestValidator.validate(yaml(kafka.replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2")))).isNotEmpty();
    }

    @Test
    void unknownKindsAreErrorsNotSkipped() {
        assertThat(ManifestValidator.validate(yaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")))
                .singleElement().asString().contains("no schema known");
    }

    private static ObjectNode yaml(String text) {
        return Project.documents(text).getFirst();
    }
}
