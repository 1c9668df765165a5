package dev.frauddetection.dashboard.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.config.DashboardConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the pipeline's health every few seconds, off the request path: connector and task states from Kafka
 * Connect's REST API, the detector group's lag through the Kafka Admin API (committed offsets against the log
 * end offsets), and the detectors' state reports from PostgreSQL. The page gets the last reading with every snapshot.
 */
@ApplicationScoped
public class PipelineHealth {

    private static final Logger LOG = Logger.getLogger(PipelineHealth.class);

    private final DashboardConfig.Pipeline config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Map<String, Object> kafkaConfig;
    private final DataSource database;
    private volatile Admin admin;
    private volatile PipelineStatus last = PipelineStatus.unknown();

    public PipelineHealth(DashboardConfig config, ObjectMapper json, DataSource database,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config.pipeline();
        this.database = database;
        this.json = json;
        this.kafkaConfig = kafkaConfig;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public PipelineStatus last() {
        return last;
    }

    @Scheduled(every = "${fraud.dashboard.pipeline.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        List<PipelineStatus.Connector> connectors = List.of();
        String connectError = null;
        try {
            connectors = connectors();
        } catch (Exception e) {
            connectError = "Kafka Connect at " + config.connectUrl() + " unavailable: " + message(e);
        }
        Long lag = null;
        String lagError = null;
        try {
            lag = detectorLag();
        } catch (Exception e) {
            lagError = "consumer lag unavailable: " + message(e);
        }
        PipelineStatus.DetectorMemory memory = null;
        String memoryError = null;
        try {
            memory = detectorMemory();
        } catch (Exception e) {
            memoryError = "detector state reports unavailable: " + message(e);
        }
        last = new PipelineStatus(connectors, connectError, lag, lagError, memory, memoryError, Instant.now());
    }

    /**
     * What the detectors that reported in the last minute hold (detector-service's StateReport writes a row per
     * instance every 10 s; a stopped instance deletes its row or stops refreshing it). Null when none reported.
     */
    PipelineStatus.DetectorMemory detectorMemory() throws SQLException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("""
                     SELECT count(*), sum(accounts), sum(account_budget), sum(evicted_for_budget),
                            min(budget_eviction_age_ms) FILTER (WHERE evicted_for_budget > 0), min(started_at),
                            sum(merchants), sum(merchant_budget), sum(merchants_evicted_for_budget)
                     FROM detector_state_report WHERE reported_at > now() - interval '1 minute'""")) {
            r.next();
            int instances = r.getInt(1);
            if (instances == 0) {
                return null;
            }
            long age = r.getLong(5);
            Double idleHours = r.wasNull() ? null : age / 3_600_000.0;
            return new PipelineStatus.DetectorMemory(instances, r.getLong(2), r.getLong(3), r.getLong(4), idleHours,
                    r.getLong(7), r.getLong(8), r.getLong(9), r.getTimestamp(6).toInstant());
        }
    }

    List<PipelineStatus.Connector> connectors() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.connectUrl() + "/connectors?expand=status"))
                .timeout(config.timeout()).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        List<PipelineStatus.Connector> out = new ArrayList<>();
        JsonNode all = json.readTree(response.body());
        all.properties().forEach(entry -> {
            JsonNode status = entry.getValue().path("status");
            List<String> tasks = new ArrayList<>();
            status.path("tasks").forEach(task -> tasks.add(task.path("state").asText()));
            out.add(new PipelineStatus.Connector(entry.getKey(), status.path("connector").path("state").asText("UNKNOWN"),
                    tasks));
        });
        out.sort(java.util.Comparator.comparing(PipelineStatus.Connector::name));
        return out;
    }

    /** Records on the detector's input not yet consumed by its group: log end offset minus committed offset. */
    long detectorLag() throws InterruptedException, ExecutionException, TimeoutException {
        long timeout = config.timeout().toMillis();
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(config.detectorGroup())
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        if (committed.isEmpty()) {
            throw new IllegalStateException("group " + config.detectorGroup() + " has committed no offsets yet");
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin().listOffsets(latest).all()
                .get(timeout, TimeUnit.MILLISECONDS);
        long lag = 0;
        for (var entry : committed.entrySet()) {
            if (entry.getValue() != null) {
                lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
            }
        }
        return lag;
    }

    /**
     * Created on first use from the Kafka settings every channel uses (bootstrap servers, and on Kubernetes SCRAM),
     * keeping only the keys an admin client knows, so it connects as the dashboard's own Kafka user.
     */
    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> settings = new HashMap<>();
                    kafkaConfig.forEach((key, value) -> {
                        if (AdminClientConfig.configNames().contains(key)) {
                            settings.put(key, value);
                        }
                    });
                    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "alert-dashboard-pipeline-health");
                    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
                    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
                    admin = Admin.create(settings);
                }
            }
        }
        return admin;
    }

    void close(@Observes ShutdownEvent ignored) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (!(cause instanceof TimeoutException)) {
            LOG.debugf("Pipeline health read failed: %s", text);
        }
        return text;
    }
}
