package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** helm lint --strict and helm template of helm/fraud-detection, for the kind and the production value sets. */
class HelmChartTest {

    private static final Set<String> SERVICES = Set.of("ingest-service", "detector-service", "alert-dashboard");

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void noRenderedManifestRepeatsAKey(HelmChart values) {
        // Project.YAML refuses repeated keys (kustomize post-renderers, yamllint and js-yaml fail on them), so every
        // document rendering at all is the proof; the parser is shown to refuse one first, so this cannot pass idly.
        assertThatThrownBy(() -> Project.documents("metadata:\n  labels:\n    a: 1\n    a: 1\n"))
                .hasMessageContaining("Duplicate field 'a'");
        assertThat(values.render()).isNotEmpty().allSatisfy(manifest -> assertThat(manifest.path("kind").asText())
                .isNotEmpty());
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void lintStrictPassesWithoutWarnings(HelmChart values) {
        LintResult lint = values.lint();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void everyRenderedManifestMatchesItsKubernetesOrStrimziSchemaWithUnknownFieldsRejected(HelmChart values) {
        List<ObjectNode> manifests = values.render();
        List<String> errors = new ArrayList<>();
        for (ObjectNode manifest : manifests) {
            ManifestValidator.validate(manifest).forEach(e -> errors.add(Project.describe(manifest) + ": " + e));
        }

        assertThat(manifests).hasSizeGreaterThan(30);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void rendersEveryComponentOfTheSystem(HelmChart values) {
        for (String service : SERVICES) {
            values.find("Deployment", service);
            values.find("Service", service);
            values.find("ConfigMap", service);
            values.find("PodDisruptionBudget", service);
            values.find("NetworkPolicy", service);
        }
        values.find("StatefulSet", "payments-db");
        values.find("Kafka", "fraud-kafka");
        values.find("KafkaConnect", "fraud-connect");
        values.find("KafkaConnector", "transactions-cdc");
        values.find("KafkaConnector", "alerts-outbox");
        assertThat(names(values.find("KafkaUser"))).containsExactlyInAnyOrder("fraud-detector", "alert-dashboard", "fraud-connect");
        assertThat(names(values.find("KafkaTopic"))).containsAll(Set.of("payments.public.transactions",
                "transactions.legit", "transactions.fraud", "fraud-alerts", "fraud-rules", "transactions.dlq"));
        values.find("ConfigMap", "fraud-detection-dashboard");
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void servicesRunNonRootOnAReadOnlyRootFilesystemWithHealthProbesAndResources(HelmChart values) {
        for (ObjectNode workload : workloads(values)) {
            JsonNode pod = workload.path("spec").path("template").path("spec");
            String name = Project.describe(workload);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(name).isPositive();
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
                assertThat(container.path("resources").path("requests").path("memory").asText()).as(name).isNotEmpty();
                assertThat(container.path("resources").path("limits").path("memory").asText()).as(name).isNotEmpty();
                assertThat(container.has("readinessProbe") && container.has("livenessProbe")).as(name).isTrue();
            }
        }
        for (String service : SERVICES) {
            JsonNode container = values.find("Deployment", service).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("management");
        }
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void detectorAutoscalingIsCappedByThePartitionsOfTheChangeEventTopic(HelmChart values) {
        int partitions = values.find("KafkaTopic", "payments.public.transactions").path("spec").path("partitions").asInt();
        JsonNode hpa = values.find("HorizontalPodAutoscaler", "detector-service").path("spec");

        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("detector-service");
        assertThat(hpa.path("maxReplicas").asInt()).isBetween(hpa.path("minReplicas").asInt(), partitions);

        List<ObjectNode> capped = HelmChart.KIND.renderWith(Map.of("services.detector.autoscaling.maxReplicas", 50));
        JsonNode cappedHpa = capped.stream().filter(r -> r.path("kind").asText().equals("HorizontalPodAutoscaler"))
                .findFirst().orElseThrow().path("spec");
        assertThat(cappedHpa.path("maxReplicas").asInt()).isEqualTo(partitions);
    }

    @Test
    void productionRunsThreeBrokersAndThreeControllersWithReplicationThreeAndMinIsrTwo() {
        HelmChart production = HelmChart.PRODUCTION;
        JsonNode config = production.find("Kafka", "fraud-kafka").path("spec").path("kafka").path("config");

        assertThat(production.find("KafkaNodePool", "brokers").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(production.find("KafkaNodePool", "controllers").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        for (JsonNode topic : production.find("KafkaTopic")) {
            assertThat(topic.path("spec").path("replicas").asInt()).as(Project.describe(topic)).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).as(Project.describe(topic)).isEqualTo(2);
        }
        for (String service : SERVICES) {
            JsonNode deployment = production.find("Deployment", service);
            boolean autoscaled = service.equals("detector-service");
            int replicas = autoscaled
                    ? production.find("HorizontalPodAutoscaler", service).path("spec").path("minReplicas").asInt()
                    : deployment.path("spec").path("replicas").asInt();
            assertThat(replicas).as(service).isGreaterThanOrEqualTo(2);
        }
        assertThat(production.find("KafkaConnect", "fraud-connect").path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void kindRunsASingleDualRoleKafkaNodeWithReplicationOne() {
        HelmChart kind = HelmChart.KIND;
        JsonNode pool = kind.find("KafkaNodePool", "dual-role").path("spec");

        assertThat(kind.find("KafkaNodePool")).hasSize(1);
        assertThat(pool.path("replicas").asInt()).isEqualTo(1);
        assertThat(names(pool.path("roles"))).containsExactlyInAnyOrder("controller", "broker");
        for (JsonNode topic : kind.find("KafkaTopic")) {
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(1);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void topicsKeepThePartitionsRetentionAndCompactionOfTheStrimziFiles(HelmChart values) {
        for (ObjectNode file : Project.yamlFiles(Project.STRIMZI.resolve("topics")).stream()
                .map(f -> Project.documents(f).getFirst()).toList()) {
            JsonNode rendered = values.find("KafkaTopic", file.path("metadata").path("name").asText()).path("spec");
            JsonNode declared = file.path("spec");
            assertThat(rendered.path("partitions")).isEqualTo(declared.path("partitions"));
            assertThat(rendered.path("topicName")).isEqualTo(declared.path("topicName"));
            for (String key : List.of("cleanup.policy", "retention.ms")) {
                assertThat(rendered.path("config").path(key).asText()).as(key).isEqualTo(declared.path("config").path(key).asText());
            }
        }
    }

    @Test
    void postgresqlRunsWithLogicalReplicationAndDebeziumUsesItsService() {
        JsonNode container = HelmChart.KIND.find("StatefulSet", "payments-db").path("spec").path("template")
                .path("spec").path("containers").get(0);

        assertThat(names(container.path("args"))).contains("wal_level=logical");
        assertThat(HelmChart.KIND.find("Service", "payments-db").path("spec").path("ports").get(0).path("port").asInt())
                .isEqualTo(5432);
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void helmTestHookFetchesTheDashboardThroughItsService(HelmChart values) {
        ObjectNode test = values.find("Pod").stream()
                .filter(p -> "test".equals(p.path("metadata").path("annotations").path(HelmChart.HOOK_ANNOTATION).asText()))
                .findFirst().orElseThrow();

        String script = test.path("spec").path("containers").get(0).path("args").toString();
        assertThat(script).contains("https://alert-dashboard:8443").contains("/login.html").doesNotContain("/q/");
    }

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void dashboardMountsItsUsersFileAndReadsItsCookieKeyFromAKeptSecret(HelmChart values) {
        JsonNode pod = values.find("Deployment", "alert-dashboard").path("spec").path("template").path("spec");
        JsonNode users = pod.path("volumes").findParent("secret");
        String usersSecret = users.path("secret").path("secretName").asText();
        assertThat(pod.path("containers").get(0).path("volumeMounts").toString())
                .contains("\"name\":\"" + users.path("name").asText() + "\"").contains("/etc/alert-dashboard");
        if (values == HelmChart.PRODUCTION) {
            assertThat(usersSecret).as("production brings its own users").isEqualTo("alert-dashboard-users");
            assertThat(values.find("Secret")).noneMatch(s -> s.path("metadata").path("name").asText().equals(usersSecret));
        } else {
            assertThat(values.find("Secret", usersSecret).path("stringData").path("users.properties").asText())
                    .contains("analyst.roles=analyst").contains("viewer.roles=viewer").contains("pbkdf2-sha256:");
        }
        ObjectNode session = values.find("Secret", "alert-dashboard-session");
        assertThat(session.path("metadata").path("annotations").path(HelmChart.HOOK_ANNOTATION).asText())
                .isEqualTo("pre-install");
        assertThat(pod.path("containers").get(0).path("env").toString()).contains("DASHBOARD_SESSION_KEY");
    }

    /**
     * Each service gets from the api-tokens Secret exactly the file it needs, where its application.properties looks
     * for it under the kubernetes profile: the public key for ingest-service and detector-service, the dashboard's
     * own token for alert-dashboard (which never sees the public key, nor the others' anything).
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void servicesMountTheTokenFilesTheirPropertiesName(HelmChart values) throws Exception {
        Map<String, String> needs = Map.of("ingest-service", "mp.jwt.verify.publickey.location",
                "detector-service", "mp.jwt.verify.publickey.location",
                "alert-dashboard", "fraud.dashboard.ingest-token-file");
        for (var need : needs.entrySet()) {
            String properties = Files.readString(Project.ROOT.resolve(need.getKey()).resolve("src/main/resources/application.properties"));
            String path = properties.lines().filter(l -> l.startsWith("%kubernetes." + need.getValue() + "="))
                    .findFirst().orElseThrow().split("=", 2)[1];
            JsonNode pod = values.find("Deployment", need.getKey()).path("spec").path("template").path("spec");
            JsonNode volume = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .filter(v -> v.path("name").asText().equals("api-tokens")).findFirst().orElseThrow();
            assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("fraud-api-tokens");
            JsonNode mount = StreamSupport.stream(pod.path("containers").get(0).path("volumeMounts").spliterator(), false)
                    .filter(m -> m.path("name").asText().equals("api-tokens")).findFirst().orElseThrow();
            assertThat(volume.path("secret").path("items")).as(need.getKey()).hasSize(1);
            String file = volume.path("secret").path("items").get(0).path("path").asText();
            assertThat(mount.path("mountPath").asText() + "/" + file).as(need.getKey()).isEqualTo(path);
        }
    }

    /**
     * Least privilege in PostgreSQL: each service runs as its own role, whose password only it gets; the owner's
     * password goes to its migrate init container only (Flyway, then exit), and the database's init script creates
     * the roles. The role names are the ones the services' properties default to.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void servicesRunAsTheirOwnDatabaseRoleAndOnlyTheirMigrationHoldsTheOwnersPassword(HelmChart values) throws Exception {
        Map<String, String> roles = Map.of("ingest-service", "fraud_ingest", "detector-service", "fraud_detector",
                "alert-dashboard", "fraud_dashboard");
        for (var service : roles.entrySet()) {
            String properties = Files.readString(Project.ROOT.resolve(service.getKey()).resolve("src/main/resources/application.properties"));
            assertThat(properties).contains("${FRAUD_DB_USERNAME:" + service.getValue() + "}");
            JsonNode pod = values.find("Deployment", service.getKey()).path("spec").path("template").path("spec");
            Map<String, JsonNode> main = env(pod.path("containers").get(0));
            assertThat(main).as(service.getKey()).doesNotContainKeys("PAYMENTS_DB_USERNAME", "PAYMENTS_DB_PASSWORD",
                    "QUARKUS_INIT_AND_EXIT");
            assertThat(main.get("FRAUD_DB_USERNAME").path("value").asText()).isEqualTo(service.getValue());
            assertThat(main.get("FRAUD_DB_PASSWORD").path("valueFrom").path("secretKeyRef").toString())
                    .contains("payments-db-service-credentials").contains(service.getValue());
            JsonNode migrate = pod.path("initContainers").get(0);
            assertThat(migrate.path("name").asText()).isEqualTo("migrate");
            assertThat(migrate.path("image")).isEqualTo(pod.path("containers").get(0).path("image"));
            Map<String, JsonNode> init = env(migrate);
            assertThat(init.get("QUARKUS_INIT_AND_EXIT").path("value").asText()).isEqualTo("true");
            assertThat(init.get("FRAUD_MIGRATE_AT_START").path("value").asText()).isEqualTo("true");
            assertThat(init.get("PAYMENTS_DB_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText())
                    .isEqualTo("payments-db-credentials");
        }
        String init = values.find("ConfigMap", "payments-db-init").path("data").path("10-payments-role.sh").asText();
        roles.values().forEach(role -> assertThat(init).contains("-v role=" + role));
        assertThat(init).contains("LOGIN NOINHERIT PASSWORD");
        JsonNode serviceSecret = values.find("Secret", "payments-db-service-credentials").path("stringData");
        roles.values().forEach(role -> assertThat(serviceSecret.path(role).asText()).hasSize(24));
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new java.util.HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /**
     * Kafka traffic is encrypted (issue 22): the cluster has TLS listeners only, and every Kafka client (the detector,
     * the dashboard, Kafka Connect) connects to the TLS port, trusting the cluster CA where its properties look for it.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void everyKafkaClientUsesTheTlsListenerAndTrustsTheClusterCa(HelmChart values) throws Exception {
        JsonNode listeners = values.find("Kafka", "fraud-kafka").path("spec").path("kafka").path("listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(l -> assertThat(l.path("tls").asBoolean()).as(l.toString()).isTrue());
        int port = listeners.get(0).path("port").asInt();
        for (String service : List.of("detector-service", "alert-dashboard")) {
            assertThat(values.find("ConfigMap", service).path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText())
                    .isEqualTo("fraud-kafka-kafka-bootstrap:" + port);
            String properties = Files.readString(Project.ROOT.resolve(service).resolve("src/main/resources/application.properties"));
            assertThat(properties).contains("%kubernetes.kafka.security.protocol=SASL_SSL")
                    .contains("%kubernetes.kafka.ssl.truststore.location=/etc/kafka-ca/ca.crt");
            JsonNode pod = values.find("Deployment", service).path("spec").path("template").path("spec");
            assertThat(pod.path("volumes").toString()).contains("fraud-kafka-cluster-ca-cert");
            assertThat(pod.path("containers").get(0).path("volumeMounts").toString()).contains("/etc/kafka-ca");
        }
        JsonNode connect = values.find("KafkaConnect", "fraud-connect").path("spec");
        assertThat(connect.path("bootstrapServers").asText()).endsWith(":" + port);
        assertThat(connect.path("tls").path("trustedCertificates").toString()).contains("fraud-kafka-cluster-ca-cert");
    }

    /**
     * Health, metrics and OpenAPI are on the management port (issue 22, item 7): the probes and the PodMonitors use it,
     * its number is the one the services' kubernetes profile sets, and only the monitoring namespace reaches it, while
     * the API ports carry nothing of /q.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void managementEndpointsHaveAPortOfTheirOwnThatOnlyMonitoringReaches(HelmChart values) throws Exception {
        for (String service : List.of("ingest-service", "detector-service", "alert-dashboard")) {
            String properties = Files.readString(Project.ROOT.resolve(service).resolve("src/main/resources/application.properties"));
            assertThat(properties).contains("%kubernetes.quarkus.management.enabled=true")
                    .contains("%kubernetes.quarkus.management.port=9000");
            JsonNode container = values.find("Deployment", service).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            assertThat(container.path("ports").toString()).contains("\"name\":\"management\"").contains("9000");
            JsonNode policy = values.find("NetworkPolicy", service).path("spec").path("ingress");
            for (JsonNode rule : policy) {
                boolean management = rule.path("ports").toString().contains("9000");
                if (management) {
                    assertThat(rule.path("from").toString()).as(service).contains("namespaceSelector");
                }
            }
            assertThat(policy.toString()).as(service).contains("9000");
        }
        if (values == HelmChart.PRODUCTION) {
            assertThat(values.find("PodMonitor")).filteredOn(m -> !m.path("metadata").path("name").asText().startsWith("strimzi"))
                    .allSatisfy(m -> assertThat(m.path("spec").path("podMetricsEndpoints").get(0).path("port").asText())
                            .isEqualTo("management"));
        }
    }

    /**
     * PostgreSQL is reached over TLS only (issue 22, item 5): the server runs with ssl=on and a pg_hba.conf that admits
     * TCP over TLS alone; its certificate is signed by the chart's CA for the name the clients use; every client (the
     * services' JDBC and reactive drivers, the Debezium connectors) verifies it, with the CA mounted where it looks.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void everyPostgresqlClientVerifiesTheServersCertificate(HelmChart values) throws Exception {
        JsonNode db = values.find("StatefulSet", "payments-db").path("spec").path("template").path("spec");
        assertThat(db.path("containers").get(0).path("args").toString()).contains("ssl=on")
                .contains("ssl_cert_file=/etc/payments-db-tls/tls.crt").contains("hba_file=/etc/payments-db-hba/pg_hba.conf");
        String hba = values.find("ConfigMap", "payments-db-init").path("data").path("pg_hba.conf").asText();
        assertThat(hba.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
                .allSatisfy(l -> assertThat(l).matches("(local|hostssl)\\s.*"));

        JsonNode tls = values.find("Secret", "payments-db-tls").path("stringData");
        var certificates = java.security.cert.CertificateFactory.getInstance("X.509");
        var ca = (java.security.cert.X509Certificate) certificates.generateCertificate(
                new java.io.ByteArrayInputStream(tls.path("ca.crt").asText().getBytes()));
        var server = (java.security.cert.X509Certificate) certificates.generateCertificate(
                new java.io.ByteArrayInputStream(tls.path("tls.crt").asText().getBytes()));
        server.verify(ca.getPublicKey());
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).contains("payments-db",
                "payments-db." + HelmChart.NAMESPACE + ".svc.cluster.local");

        for (String service : List.of("ingest-service", "detector-service", "alert-dashboard")) {
            assertThat(values.find("ConfigMap", service).path("data").path("QUARKUS_DATASOURCE_JDBC_URL").asText())
                    .isEqualTo("jdbc:postgresql://payments-db:5432/payments?sslmode=verify-full&sslrootcert=/etc/payments-db-ca/ca.crt");
            JsonNode pod = values.find("Deployment", service).path("spec").path("template").path("spec");
            assertThat(pod.path("containers").get(0).path("volumeMounts").toString()).contains("/etc/payments-db-ca");
            assertThat(pod.path("volumes").toString()).contains("payments-db-tls");
        }
        for (String reactive : List.of("ingest-service", "alert-dashboard")) {
            assertThat(Files.readString(Project.ROOT.resolve(reactive).resolve("src/main/resources/application.properties")))
                    .contains("%kubernetes.quarkus.datasource.reactive.postgresql.ssl-mode=verify-full")
                    .contains("%kubernetes.quarkus.datasource.reactive.trust-certificate-pem.certs=/etc/payments-db-ca/ca.crt");
        }
        JsonNode connect = values.find("KafkaConnect", "fraud-connect").path("spec").path("template");
        assertThat(connect.toString()).contains("payments-db-tls").contains("/mnt/payments-db-ca");
        for (ObjectNode connector : values.find("KafkaConnector")) {
            assertThat(connector.path("spec").path("config").path("database.sslmode").asText()).isEqualTo("verify-full");
            assertThat(connector.path("spec").path("config").path("database.sslrootcert").asText())
                    .isEqualTo("/mnt/payments-db-ca/ca.crt");
        }
    }

    /**
     * The dashboard answers HTTPS only (issue 22, item 5): its certificate (a self-signed one made at install, or a
     * Secret of yours) is mounted where its kubernetes profile reads it, plain HTTP is refused, and the Service and
     * the helm test speak HTTPS.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void theDashboardServesHttpsOnly(HelmChart values) throws Exception {
        String properties = Files.readString(Project.ROOT.resolve("alert-dashboard/src/main/resources/application.properties"));
        assertThat(properties).contains("%kubernetes.quarkus.http.insecure-requests=disabled")
                .contains("%kubernetes.quarkus.http.ssl.certificate.files=/etc/alert-dashboard-tls/tls.crt");
        JsonNode pod = values.find("Deployment", "alert-dashboard").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("https");
        assertThat(container.path("env").toString()).contains("QUARKUS_HTTP_SSL_PORT").doesNotContain("\"QUARKUS_HTTP_PORT\"");
        assertThat(container.path("volumeMounts").toString()).contains("/etc/alert-dashboard-tls");
        assertThat(values.find("Service", "alert-dashboard").path("spec").path("ports").get(0).path("targetPort").asText())
                .isEqualTo("https");
        ObjectNode generated = values.find("Secret", "alert-dashboard-tls");
        assertThat(generated.path("type").asText()).isEqualTo("kubernetes.io/tls");
        var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder()
                        .decode(generated.path("data").path("tls.crt").asText())));
        assertThat(certificate.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("alert-dashboard");

        List<ObjectNode> own = values.renderWith(Map.of("services.dashboard.tls.secretName", "dashboard-cert"));
        assertThat(own).noneMatch(r -> r.path("metadata").path("name").asText().equals("alert-dashboard-tls"));
        assertThat(own.stream().filter(r -> r.path("kind").asText().equals("Deployment")
                && r.path("metadata").path("name").asText().equals("alert-dashboard")).findFirst().orElseThrow()
                .path("spec").path("template").path("spec").path("volumes").toString()).contains("dashboard-cert");
    }

    /**
     * The detector's memory follows the load its values state (issue 23): the limit is the heap plus the build's
     * share besides it, the request equals the limit, the heap reaches the container (a native argument or the JVM's
     * JDK_JAVA_OPTIONS), and the account budget holds each replica's share of the stated accounts within the state's
     * share of the heap. detector-service's soak executions run with these very heaps and budgets and that load: the
     * test fails when the pom and the chart drift apart.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void theDetectorIsSizedFromItsStatedLoadAsTheSoakTestRunsIt(HelmChart values) throws Exception {
        JsonNode container = values.find("Deployment", "detector-service").path("spec").path("template").path("spec")
                .path("containers").get(0);
        JsonNode config = values.find("ConfigMap", "detector-service").path("data");
        JsonNode resources = container.path("resources");
        boolean jvm = values == HelmChart.KIND_JVM;
        String heapFlag = jvm ? config.path("JDK_JAVA_OPTIONS").asText() : container.path("args").get(0).asText();
        assertThat(heapFlag).matches("-Xmx\\d+m");
        long heapMi = Long.parseLong(heapFlag.replaceAll("\\D", ""));
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo((heapMi + (jvm ? 256 : 96)) + "Mi");
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo(resources.path("limits").path("memory").asText());
        if (jvm) {
            assertThat(container.has("args")).as("run-java.sh would pass arguments to the application").isFalse();
        }

        long budget = config.path("FRAUD_DETECTOR_STATE_MAX_ACCOUNTS").asLong();
        String set = values == HelmChart.PRODUCTION ? "production" : "kind";
        String pom = Files.readString(Project.ROOT.resolve("detector-service/pom.xml"));
        assertThat(heapMi + "m").isEqualTo(pomProperty(pom, "soak." + set + ".heap"));
        assertThat(Long.toString(budget)).isEqualTo(pomProperty(pom, "soak." + set + ".budget"));
        long accountsPerReplica = Long.parseLong(pomProperty(pom, "soak." + set + ".accounts"));
        assertThat(accountsPerReplica).isLessThanOrEqualTo(budget);
        // The soak's load is one replica's share at the fewest replicas: 50,000 of 50,000 on kind (one replica),
        // 333,334 of 1,000,000 in production (three replicas, two of the six partitions each).
        JsonNode hpa = values.find("HorizontalPodAutoscaler", "detector-service").path("spec");
        int partitions = values.find("KafkaTopic", "payments.public.transactions").path("spec").path("partitions").asInt();
        int fewest = hpa.path("minReplicas").asInt();
        int share = (partitions + fewest - 1) / fewest;
        long statedAccounts = values == HelmChart.PRODUCTION ? 1_000_000 : 50_000;
        double statedRate = values == HelmChart.PRODUCTION ? 100 : 5;
        assertThat(accountsPerReplica).isEqualTo((statedAccounts * share + partitions - 1) / partitions);
        assertThat(Double.parseDouble(pomProperty(pom, "soak." + set + ".rate")))
                .isCloseTo(statedRate * share / partitions, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Integer.parseInt(pomProperty(pom, "soak." + set + ".partitions"))).isEqualTo(share);
        assertThat(config.path("FRAUD_DETECTOR_STATE_MAX_MERCHANTS").asText())
                .isEqualTo(pomProperty(pom, "soak." + set + ".merchants"));
        assertThat(hpa.path("metrics").findValuesAsText("name")).containsExactly("cpu", "memory");
    }

    /** The stated capacity is checked against the simulator, the replicas and the memory a replica may have. */
    @Test
    void aLoadTheDetectorCannotHoldDoesNotRender() {
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("services.ingest.simulator.totalAccounts", 500_000)))
                .hasMessageContaining("the simulator has 500000 accounts")
                .hasMessageContaining("more than services.detector.capacity.accounts 50000");
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("services.ingest.simulator.totalRate", 80)))
                .hasMessageContaining("the simulator streams 80 payments/s");
        assertThatThrownBy(() -> HelmChart.PRODUCTION.renderWith(Map.of("services.ingest.simulator.enabled", true)))
                .hasMessageContaining("services.ingest.simulator.totalAccounts is required");
        assertThatThrownBy(() -> HelmChart.PRODUCTION.renderWith(Map.of("services.detector.capacity.accounts", 10_000_000)))
                .hasMessageContaining("needs")
                .hasMessageContaining("raise autoscaling.minReplicas");
        assertThatThrownBy(() -> HelmChart.PRODUCTION.renderWith(Map.of("services.detector.capacity.paymentsPerSecond",
                50_000))).hasMessageContaining("is more than 6 replicas judge");
        // Three million accounts fit when spread over six replicas, one partition each: half a million per replica.
        List<ObjectNode> spread = HelmChart.PRODUCTION.renderWith(Map.of("services.detector.capacity.accounts", 3_000_000,
                "services.detector.autoscaling.minReplicas", 6));
        assertThat(spread.stream().filter(r -> r.path("kind").asText().equals("ConfigMap")
                && r.path("metadata").path("name").asText().equals("detector-service")).findFirst().orElseThrow()
                .path("data").path("FRAUD_DETECTOR_STATE_MAX_ACCOUNTS").asLong()).isBetween(500_000L, 510_000L);
    }

    private static String pomProperty(String pom, String name) {
        var matcher = java.util.regex.Pattern.compile("<" + java.util.regex.Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(matcher.find()).as(name + " in detector-service/pom.xml").isTrue();
        return matcher.group(1);
    }

    @Test
    void productionHasNoSimulatorAndStreamingWithoutOneDoesNotRender() {
        assertThat(HelmChart.PRODUCTION.find("ConfigMap", "ingest-service").path("data").path("FRAUD_SIMULATOR_ENABLED")
                .asText()).isEqualTo("false");
        assertThat(HelmChart.KIND.find("ConfigMap", "ingest-service").path("data").path("FRAUD_SIMULATOR_ENABLED")
                .asText()).isEqualTo("true");
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("services.ingest.simulator.enabled", false)))
                .hasMessageContaining("simulator.enabled is false");
    }

    @Test
    void theKindUsersCannotSurviveBesideUsersOfYourOwn() throws Exception {
        String ownHash = "pbkdf2-sha256:210000:00112233445566778899aabbccddeeff:"
                + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        // Helm merges the users map: adding one keeps analyst and viewer, whose passwords the README publishes.
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("services.dashboard.users.alice.passwordHash", ownHash,
                "services.dashboard.users.alice.roles", "analyst")))
                .hasMessageContaining("analyst, viewer still log in with the kind cluster's published passwords")
                .hasMessageContaining("analyst: null");
        List<ObjectNode> rendered = HelmChart.KIND.renderWith(Map.of("services.dashboard.users.alice.passwordHash",
                ownHash, "services.dashboard.users.alice.roles", "analyst", "services.dashboard.users.analyst", "null",
                "services.dashboard.users.viewer", "null"));
        String users = rendered.stream().filter(r -> r.path("metadata").path("name").asText().equals("alert-dashboard-users"))
                .findFirst().orElseThrow().path("stringData").path("users.properties").asText();
        assertThat(users).contains("alice.password=" + ownHash).doesNotContain("analyst.").doesNotContain("viewer.");
        // The template's list of published hashes is values-kind.yaml's, and values.yaml has no users at all.
        assertThat(Project.YAML.readTree(Project.CHART.resolve("values.yaml").toFile())
                .path("services").path("dashboard").path("users").size()).isZero();
        JsonNode kindUsers = Project.YAML.readTree(Project.CHART.resolve("values-kind.yaml").toFile())
                .path("services").path("dashboard").path("users");
        String helpers = Files.readString(Project.CHART.resolve("templates/_helpers.tpl"));
        kindUsers.forEach(user -> assertThat(helpers).contains(user.path("passwordHash").asText()));
    }

    /**
     * The published development passwords belong to values-kind.yaml alone: a user with one of their hashes anywhere
     * else (here: the production values with the chart's users instead of a Secret) fails to render.
     */
    @Test
    void aPublishedDevelopmentPasswordOutsideKindDoesNotRender() throws Exception {
        String kindHash = Project.YAML.readTree(Project.CHART.resolve("values-kind.yaml").toFile())
                .path("services").path("dashboard").path("users").path("analyst").path("passwordHash").asText();
        assertThatThrownBy(() -> HelmChart.PRODUCTION.renderWith(Map.of("services.dashboard.existingUsersSecret", "",
                "services.dashboard.users.analyst.passwordHash", kindHash,
                "services.dashboard.users.analyst.roles", "analyst")))
                .hasMessageContaining("analyst use a published development password hash");
        String ownHash = "pbkdf2-sha256:210000:00112233445566778899aabbccddeeff:"
                + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        assertThat(HelmChart.PRODUCTION.renderWith(Map.of("services.dashboard.existingUsersSecret", "",
                "services.dashboard.users.alice.passwordHash", ownHash, "services.dashboard.users.alice.roles", "analyst")))
                .isNotEmpty();
    }

    @Test
    void aDashboardWithoutUsersDoesNotRender() {
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("services.dashboard.users", "null")))
                .hasMessageContaining("nobody can log in");
    }

    @Test
    void podMonitorsScrapeEveryServiceKafkaAndKafkaConnectInProduction() {
        List<ObjectNode> monitors = HelmChart.PRODUCTION.find("PodMonitor");
        Map<String, String> pathByName = monitors.stream().collect(Collectors.toMap(m -> m.path("metadata").path("name").asText(),
                m -> m.path("spec").path("podMetricsEndpoints").get(0).path("path").asText()));

        assertThat(pathByName).containsEntry("ingest-service", "/q/metrics").containsEntry("detector-service", "/q/metrics")
                .containsEntry("alert-dashboard", "/q/metrics").containsKeys("strimzi-kafka", "strimzi-kafkaconnect");
    }

    /**
     * The retraining CronJob: absent unless enabled; when enabled it trains as the read-only role fraud_trainer with
     * its password and token mounted as files (never in the environment or the arguments), one run at a time, as a
     * hardened pod, and the NetworkPolicies let it reach exactly the database and the detector's API.
     */
    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void theRetrainingCronJobIsOffByDefaultAndReadOnlyWhenOn(HelmChart values) {
        assertThat(values.find("CronJob")).isEmpty();

        List<ObjectNode> enabled = values.renderWith(Map.of("training.enabled", true));
        List<String> errors = new ArrayList<>();
        enabled.forEach(m -> ManifestValidator.validate(m).forEach(e -> errors.add(Project.describe(m) + ": " + e)));
        assertThat(errors).isEmpty();
        ObjectNode cronJob = enabled.stream().filter(r -> r.path("kind").asText().equals("CronJob")).findFirst()
                .orElseThrow();
        assertThat(cronJob.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode pod = cronJob.at("/spec/jobTemplate/spec/template/spec");
        JsonNode container = pod.path("containers").get(0);
        List<String> args = names(container.path("args"));
        assertThat(args).containsSubsequence("--db-user", "fraud_trainer").containsSubsequence("--register",
                "http://detector-service:8082").containsSubsequence("--token-file", "/etc/fraud-trainer/token/token.jwt");
        assertThat(args.get(args.indexOf("--from-database") + 1)).contains("sslmode=verify-full");
        assertThat(container.path("env").toString()).doesNotContain("PASSWORD").doesNotContain("secretKeyRef");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("volumes").toString()).contains("\"key\":\"fraud_trainer\"")
                .contains("fraud-trainer-token");
        String trainer = "\"app.kubernetes.io/name\":\"model-training\"";
        assertThat(enabled.stream().filter(r -> r.path("kind").asText().equals("NetworkPolicy"))
                .filter(r -> r.toString().contains(trainer)).map(r -> r.at("/metadata/name").asText()).toList())
                .containsExactlyInAnyOrder("detector-service", "payments-db");
        assertThat(values.find("NetworkPolicy").stream().map(JsonNode::toString)).noneMatch(p -> p.contains(trainer));
    }

    @Test
    void valuesSchemaRejectsUnknownKeysAndUnsafeValues() {
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("services.detector.replica", 2)))
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("securityContext.runAsUser", 0)))
                .hasMessageContaining("runAsUser");
        assertThatThrownBy(() -> HelmChart.KIND.renderWith(Map.of("kafka.layout", "huge")))
                .hasMessageContaining("layout");
    }

    private static List<ObjectNode> workloads(HelmChart values) {
        List<ObjectNode> workloads = new ArrayList<>(values.find("Deployment"));
        workloads.addAll(values.find("StatefulSet"));
        return workloads;
    }

    private static List<String> names(List<ObjectNode> resources) {
        return resources.stream().map(r -> r.path("metadata").path("name").asText()).toList();
    }

    private static List<String> names(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
