package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What k8s/ applies outside the chart: the namespace manifest, and the plain Prometheus scrape configuration, valid
 * for Prometheus itself and aimed at what the chart and Strimzi create.
 */
class K8sDirectoryTest {

    private static final Path CONFIG = Project.K8S.resolve("prometheus/prometheus.yml");

    @Test
    void namespaceManifestMatchesTheKubernetesSchemaAndIsTheOneTheConnectorsReferTo() {
        ObjectNode namespace = Project.documents(Project.K8S.resolve("namespace.yaml")).getFirst();

        assertThat(ManifestValidator.validate(namespace)).isEmpty();
        assertThat(namespace.path("metadata").path("name").asText()).isEqualTo(HelmChart.NAMESPACE);
        for (Path connector : Project.yamlFiles(Project.STRIMZI.resolve("connectors"))) {
            assertThat(Project.documents(connector).getFirst().path("spec").path("config").path("database.password").asText())
                    .startsWith("${secrets:" + HelmChart.NAMESPACE + "/");
        }
    }

    @Test
    void promtoolAcceptsTheScrapeConfiguration() throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "config", CONFIG.toString())
                .redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void everyServiceKafkaAndKafkaConnectHaveAJobAndTheServiceJobsMatchTheChartsHeadlessServices() {
        Map<String, JsonNode> jobs = new HashMap<>();
        Project.documents(CONFIG).getFirst().path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));

        assertThat(jobs).containsOnlyKeys("ingest-service", "detector-service", "alert-dashboard", "kafka", "kafka-connect");
        for (String service : new String[] {"ingest-service", "detector-service", "alert-dashboard"}) {
            JsonNode job = jobs.get(service);
            JsonNode dns = job.path("dns_sd_configs").get(0);
            ObjectNode headless = HelmChart.KIND.find("Service", service + "-pods");
            assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
            assertThat(dns.path("names").get(0).asText()).isEqualTo(service + "-pods." + HelmChart.NAMESPACE + ".svc.cluster.local");
            assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
            assertThat(dns.path("port").asInt()).isEqualTo(headless.path("spec").path("ports").get(0).path("port").asInt());
        }
        assertThat(jobs.get("kafka").path("dns_sd_configs").get(0).path("port").asInt()).isEqualTo(9404);
    }
}
