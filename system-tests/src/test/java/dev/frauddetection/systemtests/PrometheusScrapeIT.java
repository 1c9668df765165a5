package dev.frauddetection.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.frauddetection.localstack.LoopbackPorts;
import dev.frauddetection.localstack.PostmasterGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (the Debian package) scrapes the running local system with the jobs of
 * k8s/prometheus/prometheus.yml, the configuration a plain Prometheus uses on Kubernetes: same job names and metrics
 * paths, with DNS discovery of the pods swapped for the services' local ports. Every service target is up and the
 * fraud metrics, and the fraud panels of the chart's Grafana dashboard, are queryable through Prometheus' HTTP API.
 * The kafka and kafka-connect jobs are left out here: the local stack runs Kafka and Connect in-process, without
 * Strimzi's JMX exporter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeIT {

    private static final Path K8S_SCRAPE_CONFIG = Path.of(System.getProperty("fraud.home"), "k8s/prometheus/prometheus.yml");
    private static final Path GRAFANA_DASHBOARD = Path.of(System.getProperty("fraud.home"),
            "helm/fraud-detection/dashboards/fraud-detection.json");
    /** Job name in the Kubernetes scrape configuration to the variable holding that service's local port. */
    private static final Map<String, String> SERVICE_JOBS = Map.of(
            "ingest-service", "FRAUD_INGEST_PORT",
            "detector-service", "FRAUD_DETECTOR_PORT",
            "alert-dashboard", "FRAUD_DASHBOARD_PORT");
    private static final Set<String> JOBS_WITHOUT_LOCAL_TARGET = Set.of("kafka", "kafka-connect");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path work = Path.of("target", "prometheus-it").toAbsolutePath();
    private RunningSystem system;
    private Process prometheus;
    private URI prometheusUrl;

    @BeforeAll
    void startSystemAndPrometheus() throws Exception {
        String binary = prometheusBinary();
        PostmasterGuard.stopLeftover(work.resolve("data"));
        deleteRecursively(work);
        Files.createDirectories(work);
        system = RunningSystem.onFreePorts(work.resolve("data"), work.resolve("launcher.log"));
        system.start(true, Duration.ofSeconds(240));

        Path config = work.resolve("prometheus.yml");
        YAML.writeValue(config.toFile(), localScrapeConfig());
        int port = LoopbackPorts.take(1).get(0);
        prometheusUrl = URI.create("http://127.0.0.1:" + port);
        prometheus = new ProcessBuilder(binary,
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        // Refused connections until Prometheus listens are expected (one CI run polled before it did and failed);
        // its exit is not, and fails at once.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(ConnectException.class).until(() -> {
            assertThat(prometheus.isAlive()).as("prometheus exited; see " + work.resolve("prometheus.log")).isTrue();
            return get("/-/ready").statusCode() == 200;
        });
    }

    @AfterAll
    void stopPrometheusAndSystem() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        } finally {
            if (system != null) {
                system.close();
            }
        }
    }

    @Test
    void everyServiceTargetOfTheKubernetesScrapeConfigIsUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode targets = JSON.readTree(get("/api/v1/targets").body()).path("data").path("activeTargets");
            Set<String> up = new HashSet<>();
            for (JsonNode target : targets) {
                if ("up".equals(target.path("health").asText())) {
                    up.add(target.path("labels").path("job").asText());
                }
            }
            assertThat(up).containsExactlyInAnyOrderElementsOf(SERVICE_JOBS.keySet());
        });
    }

    @Test
    void fraudMetricsOfEveryServiceAreQueryableThroughPrometheusAfterAPayment() throws Exception {
        postOutsizedPayment();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(query("sum(fraud_detector_change_events_total{job=\"detector-service\",operation=\"insert\"})"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(query("sum(fraud_detector_verdicts_total{job=\"detector-service\",decision!=\"ALLOW\"})"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(query("sum(fraud_detector_verdict_latency_seconds_count{job=\"detector-service\"})"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(query("sum(fraud_dashboard_alerts_received_total{job=\"alert-dashboard\"})"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(query("sum(fraud_ingest_transactions_written_total{job=\"ingest-service\"})"))
                    .isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void everyFraudPanelOfTheGrafanaDashboardFindsDataInPrometheus() throws Exception {
        JsonNode dashboard = JSON.readTree(GRAFANA_DASHBOARD.toFile());
        List<String> fraudQueries = new java.util.ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                // Kafka's and Debezium's panels need Strimzi's JMX exporter, which the local stack does not run.
                if (expr.contains("fraud_")) {
                    fraudQueries.add(expr);
                }
            }
        }

        assertThat(fraudQueries).hasSizeGreaterThanOrEqualTo(4);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String expr : fraudQueries) {
                query(expr);
            }
        });
    }

    /** The Kubernetes jobs, each pointed at its service on this machine; Kafka's and Connect's jobs dropped. */
    private ObjectNode localScrapeConfig() throws IOException {
        ObjectNode config = (ObjectNode) YAML.readTree(K8S_SCRAPE_CONFIG.toFile());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s");
        ArrayNode local = JSON.createArrayNode();
        Set<String> jobs = new HashSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            jobs.add(name);
            if (JOBS_WITHOUT_LOCAL_TARGET.contains(name)) {
                continue;
            }
            assertThat(SERVICE_JOBS).as("a local port for job " + name).containsKey(name);
            ObjectNode localJob = ((ObjectNode) job).deepCopy();
            assertThat(localJob.remove("dns_sd_configs")).as("dns_sd_configs of job " + name).isNotNull();
            localJob.putArray("static_configs").addObject().putArray("targets")
                    .add("127.0.0.1:" + system.port(SERVICE_JOBS.get(name)));
            local.add(localJob);
        }
        assertThat(jobs).containsAll(SERVICE_JOBS.keySet()).containsAll(JOBS_WITHOUT_LOCAL_TARGET);
        config.set("scrape_configs", local);
        return config;
    }

    /** An outsized payment through ingest-service's REST API, so that every service has something to count. */
    private void postOutsizedPayment() throws Exception {
        String payment = """
                {"account_id": "acc-prometheus", "bank_id": "bank-a", "payment_system": "VISA", "channel": "ONLINE",
                 "amount": "9800.00", "currency": "EUR", "merchant_id": "m-prometheus"}""";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + system.port("FRAUD_INGEST_PORT") + "/api/transactions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + system.token("payment-writer"))
                .POST(HttpRequest.BodyPublishers.ofString(payment)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** The first series' value of an instant query; fails when the query is invalid or finds no series. */
    private double query(String promql) throws Exception {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(promql + ": " + response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        assertThat(result).as("no series for " + promql).isNotEmpty();
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(prometheusUrl.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The test fails, and does not skip, without Prometheus: CI installs the Debian package (see .ci/run). */
    private static String prometheusBinary() {
        return Stream.concat(Stream.of("/usr/bin/prometheus"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                                .map(dir -> dir + "/prometheus"))
                .filter(p -> new File(p).canExecute()).findFirst()
                .orElseThrow(() -> new AssertionError(
                        "prometheus is not installed: apt-get install prometheus (the Debian package)"));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
