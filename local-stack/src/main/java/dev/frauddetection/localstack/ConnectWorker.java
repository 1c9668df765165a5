package dev.frauddetection.localstack;

import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A standalone Kafka Connect worker in this JVM with its REST API on 127.0.0.1. Source offsets (the replication
 * slot position Debezium has published up to) are flushed to a file in the data directory every second, so a restart
 * resumes from there instead of re-snapshotting the table; {@link OffsetsFile} keeps that file whole across a crash.
 */
final class ConnectWorker implements AutoCloseable {

    private final StackSettings settings;
    private Connect<StandaloneHerder> connect;
    private OffsetsFile offsets;

    ConnectWorker(StackSettings settings) {
        this.settings = settings;
    }

    void start() throws IOException {
        Path dir = settings.dataDir().resolve("connect");
        Files.createDirectories(dir);
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", settings.kafkaBootstrap());
        worker.put("listeners", "http://127.0.0.1:" + settings.connectPort());
        Path offsetsFile = dir.resolve("offsets.dat");
        offsets = new OffsetsFile(offsetsFile);
        offsets.restoreIfTorn();
        worker.put("offset.storage.file.filename", offsetsFile.toString());
        worker.put("offset.flush.interval.ms", "1000");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.putAll(producerSettings(settings.strimziDir().resolve("connect/fraud-connect.yaml")));
        // Debezium is on the classpath; service loading finds it without the ~8 s classpath scan.
        worker.put("plugin.discovery", "service_load");
        connect = new ConnectStandalone().startConnect(worker);
        offsets.keepCopies();
    }

    /**
     * The producer.* settings of the Strimzi KafkaConnect resource, so that the local worker batches change events as
     * the Kubernetes workers do (the reasons and the measurements are in that file). Its other settings are about
     * Kubernetes (secrets, replication factors) and have no local counterpart.
     */
    static Map<String, String> producerSettings(Path kafkaConnectResource) {
        Map<String, String> producer = new TreeMap<>();
        StrimziResource.read(kafkaConnectResource, "KafkaConnect").path("spec").path("config").properties()
                .forEach(e -> {
                    if (e.getKey().startsWith("producer.")) {
                        producer.put(e.getKey(), e.getValue().asText());
                    }
                });
        return producer;
    }

    void register(ConnectorDefinition connector) {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(connector.name(), connector.config(), true, done);
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Connector " + connector.name() + " was rejected: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while registering " + connector.name(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka Connect did not accept " + connector.name() + " within 30 s", e);
        }
    }

    /** "RUNNING" once the connector and all its tasks run; the failed part's state and trace otherwise. */
    Optional<String> state(String connectorName) {
        if (!connect.herder().connectors().contains(connectorName)) {
            return Optional.empty();
        }
        ConnectorStateInfo status = connect.herder().connectorStatus(connectorName);
        if (!"RUNNING".equals(status.connector().state())) {
            return Optional.of(status.connector().state());
        }
        return status.tasks().stream()
                .filter(task -> !"RUNNING".equals(task.state()))
                .findFirst()
                .map(task -> "task " + task.id() + " " + task.state() + (task.trace() == null ? "" : ": " + task.trace()))
                .or(() -> status.tasks().isEmpty() ? Optional.of("NO_TASKS") : Optional.of("RUNNING"));
    }

    @Override
    public void close() {
        if (offsets != null) {
            offsets.close();
        }
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
            connect = null;
        }
    }
}
