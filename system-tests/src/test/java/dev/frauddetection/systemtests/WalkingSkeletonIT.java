package dev.frauddetection.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end, through real servers only: rows written with plain SQL, as any outside writer
 * would, are captured by Debezium, scored by the detector and shown on the dashboard's SSE stream; the system stops
 * without leaving a process behind and, restarted on the same data, resumes without losing or replaying events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RunningSystem system;
    private final String fraudId = UUID.randomUUID().toString();
    private final String fraudAccount = "acc-e2e-" + fraudId.substring(0, 8);
    private final String probingAccount = "acc-e2e-probes-" + fraudId.substring(0, 8);

    @BeforeAll
    void startSystem() throws Exception {
        Path target = Path.of("target");
        system = RunningSystem.onFreePorts(target.resolve("e2e-data"), target.resolve("e2e-launcher.log"));
        Files.deleteIfExists(target.resolve("e2e-launcher.log"));
        system.start(true, START_TIMEOUT);
    }

    @AfterAll
    void stopSystem() throws InterruptedException {
        system.close();
    }

    @Test
    @Order(1)
    void aRowInsertedWithSqlRaisesAnAlertOnTheDashboardStream() throws Exception {
        BlockingQueue<String> events = openAlertStream();

        insert(fraudId, fraudAccount, "9800.00");

        JsonNode alert = awaitEvent(events, a -> fraudId.equals(a.path("transaction_id").asText()), Duration.ofSeconds(60));
        assertThat(alert.path("account_id").asText()).isEqualTo(fraudAccount);
        assertThat(alert.path("amount").asText()).as("money as a decimal string").isEqualTo("9800.00");
        assertThat(alert.path("score").asDouble()).isBetween(0.5, 1.0);
        assertThat(alert.path("decision").asText()).isEqualTo("ALERT");
        assertThat(alert.path("reasons").get(0).asText()).startsWith("high-amount");

        JsonNode latest = getJson("/api/alerts?limit=10");
        assertThat(latest.findValuesAsText("transaction_id")).contains(fraudId);

        // Published through the Debezium outbox: stored once, and the outbox row removed after its insert was captured.
        assertThat(count("SELECT count(*) FROM fraud_alert WHERE transaction_id = ?", fraudId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox_event WHERE aggregateid = ?", fraudAccount)).isZero();
    }

    @Test
    @Order(2)
    void anOrdinaryPaymentGetsAnAllowVerdictAndNoAlert() throws Exception {
        String id = UUID.randomUUID().toString();
        insert(id, "acc-e2e-ordinary", "23.40");

        ConsumerRecord<String, String> verdict = awaitRecord("transactions.legit", r -> r.value().contains(id));
        assertThat(verdict.key()).isEqualTo("acc-e2e-ordinary");
        assertThat(JSON.readTree(verdict.value()).path("decision").asText()).isEqualTo("ALLOW");
        assertThat(getJson("/api/alerts?limit=500").findValuesAsText("transaction_id")).doesNotContain(id);
    }

    @Test
    @Order(3)
    void updatesAndDeletesAreCapturedKeyedByAccountAndDecoded() throws Exception {
        String id = UUID.randomUUID().toString();
        insert(id, "acc-e2e-feedback", "41.00");
        execute("UPDATE transactions SET status = 'CHARGEBACK' WHERE id = ?::uuid", id);
        execute("DELETE FROM transactions WHERE id = ?::uuid", id);

        ConsumerRecord<String, String> update = awaitRecord("payments.public.transactions",
                r -> r.value().contains(id) && r.value().contains("\"op\":\"u\""));
        ConsumerRecord<String, String> delete = awaitRecord("payments.public.transactions",
                r -> r.value().contains(id) && r.value().contains("\"op\":\"d\""));
        assertThat(JSON.readTree(update.key()).path("account_id").asText()).isEqualTo("acc-e2e-feedback");
        assertThat(JSON.readTree(delete.key()).path("account_id").asText()).isEqualTo("acc-e2e-feedback");
        assertThat(JSON.readTree(update.value()).path("after").path("status").asText()).isEqualTo("CHARGEBACK");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(detectorCounter("fraud_detector_change_events_total", "operation", "update")).isEqualTo(1);
            assertThat(detectorCounter("fraud_detector_change_events_total", "operation", "delete")).isEqualTo(1);
        });
        assertThat(detectorCounter("fraud_detector_dead_letters_total", null, null)).isZero();
    }

    @Test
    @Order(4)
    void anUndecodableChangeEventGoesToTheDeadLetterTopicWithItsReasonAndTheStreamGoesOn() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("payments.public.transactions", "{\"account_id\":\"acc-e2e-dlq\"}",
                    "{\"op\":\"c\",\"after\":{\"id\":\"broken-1\",\"account_id\":\"acc-e2e-dlq\"}}")).get();
        }

        ConsumerRecord<String, String> dead = awaitRecord("transactions.dlq", r -> r.value().contains("broken-1"));
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertThat(reason).contains("source.ts_ms is missing");

        // The stream went on: the next payment gets its verdict (ALLOW or not: m-e2e has a chargeback by now).
        String id = UUID.randomUUID().toString();
        insert(id, "acc-e2e-after-dlq", "12.00");
        awaitRecord(List.of("transactions.legit", "transactions.fraud"), r -> r.value().contains(id));
    }

    @Test
    @Order(5)
    void aRedeliveredChangeEventNeverStoresOrPublishesItsAlertTwice() throws Exception {
        ConsumerRecord<String, String> original = awaitRecord("payments.public.transactions",
                r -> r.value().contains(fraudId) && r.value().contains("\"op\":\"c\""));

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(original.topic(), original.key(), original.value())).get();
        }

        // Judged once: the second delivery is recognised by the account's history and yields no second verdict.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                detectorCounter("fraud_detector_events_skipped_total", "reason", "payment-already-judged")).isEqualTo(1));
        assertThat(count("SELECT count(*) FROM fraud_alert WHERE transaction_id = ?", fraudId)).isEqualTo(1);
        long onTopic = countRecords("fraud-alerts", r -> r.value().contains(fraudId));
        assertThat(onTopic).as("alerts for the transaction on fraud-alerts").isEqualTo(1);
        assertThat(countRecords("transactions.fraud", r -> r.value().contains(fraudId)))
                .as("verdicts of the transaction").isEqualTo(1);
    }

    @Test
    @Order(6)
    void aNewRuleSetAppliesWithoutARestartAndIsAudited() throws Exception {
        HttpResponse<String> active = rulesRequest("GET", "/api/rules", "rules-viewer", null, null);
        assertThat(active.headers().firstValue("ETag")).contains("\"1\"");
        ObjectNode edited = (ObjectNode) JSON.readTree(active.body());
        edited.remove("version");
        edited.put("description", "list acc-e2e-listed after the e2e incident");
        ((ObjectNode) StreamSupport.stream(edited.path("rules").spliterator(), false)
                .filter(r -> r.path("type").asText().equals("BLACKLIST")).findFirst().orElseThrow())
                .putArray("accounts").add("acc-e2e-listed");
        String rules = JSON.writeValueAsString(edited);

        // Refused: no token, a reader's token, no If-Match, a stale one, a version of the caller's own
        assertThat(rulesRequest("PUT", "/api/rules", null, null, rules).statusCode()).isEqualTo(401);
        assertThat(rulesRequest("PUT", "/api/rules", "rules-viewer", "\"1\"", rules).statusCode()).isEqualTo(403);
        assertThat(rulesRequest("PUT", "/api/rules", "rules-admin", null, rules).statusCode()).isEqualTo(428);
        assertThat(rulesRequest("PUT", "/api/rules", "rules-admin", "\"0\"", rules).statusCode()).isEqualTo(412);
        HttpResponse<String> ownVersion = rulesRequest("PUT", "/api/rules", "rules-admin", "\"1\"",
                rules.replace("{", "{\"version\": 9223372036854775807, "));
        assertThat(ownVersion.statusCode()).as(ownVersion.body()).isEqualTo(400);
        assertThat(ownVersion.body()).contains("version is assigned by the server");
        HttpResponse<String> empty = rulesRequest("PUT", "/api/rules", "rules-admin", "\"1\"",
                rules.replaceFirst("\"rules\":\\[.*\\]", "\"rules\":[]"));
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(empty.body()).contains("confirm_empty=true");

        HttpResponse<String> published = rulesRequest("PUT", "/api/rules", "rules-admin", "\"1\"", rules);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        assertThat(published.headers().firstValue("ETag")).contains("\"2\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> getRulesJson().contains("acc-e2e-listed"));

        BlockingQueue<String> events = openAlertStream();
        String id = UUID.randomUUID().toString();
        insert(id, "acc-e2e-listed", "15.00");

        JsonNode alert = awaitEvent(events, a -> id.equals(a.path("transaction_id").asText()), Duration.ofSeconds(60));
        assertThat(alert.path("decision").asText()).isEqualTo("BLOCK");
        assertThat(alert.path("reasons").toString()).contains("blacklist: account acc-e2e-listed is blacklisted");

        // The same change again was made from version 1, which is no longer active
        assertThat(rulesRequest("PUT", "/api/rules", "rules-admin", "\"1\"", rules).statusCode()).isEqualTo(412);
        // Who, when and why are kept, and the earlier version can be read back
        JsonNode history = JSON.readTree(rulesRequest("GET", "/api/rules/versions", "rules-viewer", null, null).body());
        assertThat(history.get(0).path("version").asLong()).isEqualTo(2);
        assertThat(history.get(0).path("changed_by").asText()).isEqualTo("rules-admin");
        assertThat(history.get(0).path("reason").asText()).isEqualTo("list acc-e2e-listed after the e2e incident");
        assertThat(rulesRequest("GET", "/api/rules/versions/1", "rules-viewer", null, null).body())
                .doesNotContain("acc-e2e-listed");
    }

    /**
     * Who may call the detector's API, operation by operation: every operation it publishes needs a row here, and
     * each is refused without a token (401), with a token for another service (401) and with each role it does not
     * allow (403), all as problem+json, and lets each allowed role through. The rollback row is tried only with
     * refusals and a stale If-Match, so that the rule set of the tests that follow stays.
     */
    @Test
    @Order(7)
    void everyDetectorOperationRefusesCallersWithoutItsRole() throws Exception {
        Map<String, Set<String>> policy = Map.ofEntries(
                Map.entry("GET /api/rules", Set.of("rules-admin", "rules-viewer")),
                Map.entry("PUT /api/rules", Set.of("rules-admin")),
                Map.entry("GET /api/rules/versions", Set.of("rules-admin", "rules-viewer")),
                Map.entry("GET /api/rules/versions/{version}", Set.of("rules-admin", "rules-viewer")),
                Map.entry("POST /api/rules/versions/{version}/rollback", Set.of("rules-admin")),
                Map.entry("GET /api/models", Set.of("rules-admin", "rules-viewer")),
                Map.entry("GET /api/models/changes", Set.of("rules-admin", "rules-viewer")),
                Map.entry("POST /api/models", Set.of("rules-admin")),
                Map.entry("PUT /api/models/challenger", Set.of("rules-admin")),
                Map.entry("POST /api/models/challenger/withdraw", Set.of("rules-admin")),
                Map.entry("POST /api/models/promote", Set.of("rules-admin")),
                Map.entry("POST /api/models/rollback", Set.of("rules-admin")));
        JsonNode paths = JSON.readTree(HTTP.send(HttpRequest.newBuilder(detector("/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("paths");
        Set<String> published = new java.util.TreeSet<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> published.add(m.toUpperCase() + " " + p.getKey())));
        assertThat(policy.keySet()).as("every published operation needs a row").containsExactlyInAnyOrderElementsOf(published);

        List<String> callers = List.of("rules-admin", "rules-viewer", "payment-writer", "alert-dashboard", "simulator");
        for (var row : policy.entrySet()) {
            String method = row.getKey().split(" ")[0];
            String path = row.getKey().split(" ")[1].replace("{version}", "1");
            String body = method.equals("GET") ? null : path.endsWith("rollback") ? "{\"reason\": \"access test\"}" : "{}";
            assertProblem(rulesRequest(method, path, null, "\"0\"", body), 401, row.getKey() + " without a token");
            for (String caller : callers) {
                HttpResponse<String> response = rulesRequest(method, path, caller, "\"0\"", body);
                if (row.getValue().contains(caller)) {
                    assertThat(response.statusCode()).as(row.getKey() + " as " + caller).isNotIn(401, 403);
                } else {
                    // tokens of ingest-service's callers are for another audience: not valid here at all
                    assertProblem(response, caller.startsWith("rules-") ? 403 : 401, row.getKey() + " as " + caller);
                }
            }
        }
    }

    /**
     * The model registry end to end, on real Kafka and PostgreSQL: a model registered through the API judges nothing;
     * made the challenger, every verdict also carries its decision (the champion's stays the one acted on); promoted,
     * it decides; rolled back, the shipped model decides again; all without a restart, every change audited and each
     * refused when made from a stale assignment. It is left as the challenger for the restart test to find again.
     */
    @Test
    @Order(8)
    void aChallengerIsScoredBesideTheChampionThenPromotedAndRolledBackWithoutARestart() throws Exception {
        JsonNode overview = JSON.readTree(rulesRequest("GET", "/api/models", "rules-viewer", null, null).body());
        String shipped = overview.path("champion").asText();
        assertThat(overview.path("challenger").isNull()).isTrue();
        long sequence = overview.path("sequence").asLong();

        // A logistic regression that calls every tiny payment fraud, which the shipped model does not.
        JsonNode shippedFile = JSON.readTree(Files.readString(Path.of(System.getProperty("fraud.home"),
                "detector-service/src/main/resources/models/fraud-model.json")));
        ObjectNode model = JSON.createObjectNode().put("version", "e2e-tiny-amount-lr").put("kind", "logistic-regression");
        model.set("features", shippedFile.path("features"));
        int n = shippedFile.path("features").size();
        var means = model.putArray("means");
        var scales = model.putArray("scales");
        var weights = model.putArray("weights");
        for (int i = 0; i < n; i++) {
            means.add(0.0);
            scales.add(1.0);
            weights.add(shippedFile.path("features").get(i).asText().equals("log_amount_eur") ? -4.0 : 0.0);
        }
        model.put("bias", 14.0).put("trained_at", "2026-12-08T00:00:00Z").putObject("evaluation");
        ObjectNode request = JSON.createObjectNode().put("reason", "e2e: try an amount model");
        request.set("model", model);
        request.putObject("training").put("from", "2026-11-01T00:00:00Z").put("to", "2026-12-01T00:00:00Z")
                .put("payments", 120_000).put("frauds", 340).put("fingerprint", "sha256:e2e");
        String registration = JSON.writeValueAsString(request);

        assertThat(rulesRequest("POST", "/api/models", "rules-viewer", null, registration).statusCode()).isEqualTo(403);
        HttpResponse<String> otherFeatures = rulesRequest("POST", "/api/models", "rules-admin", null,
                registration.replace("\"log_amount_eur\"", "\"log_amount\""));
        assertProblem(otherFeatures, 400, "a model for other features");
        assertThat(otherFeatures.body()).contains("model").contains("retrain it");
        assertProblem(rulesRequest("POST", "/api/models", "rules-admin", null, registration.replace("e2e: try an amount model", " ")),
                400, "a registration without a reason");
        HttpResponse<String> moreFraudsThanPayments = rulesRequest("POST", "/api/models", "rules-admin", null,
                registration.replace("\"frauds\":340", "\"frauds\":120001"));
        assertProblem(moreFraudsThanPayments, 400, "a training window with more frauds than payments");
        assertThat(moreFraudsThanPayments.body()).contains("training.frauds");
        HttpResponse<String> registered = rulesRequest("POST", "/api/models", "rules-admin", null, registration);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(JSON.readTree(registered.body()).path("training").path("fingerprint").asText()).isEqualTo("sha256:e2e");
        await().atMost(Duration.ofSeconds(30)).until(() -> rulesRequest("GET", "/api/models", "rules-viewer", null, null)
                .body().contains("e2e-tiny-amount-lr"));
        assertProblem(rulesRequest("POST", "/api/models", "rules-admin", null, registration), 409, "the same version again");
        // A version another administrator is registering at this moment (its audit row is in, its record not yet read
        // by this detector): the database's unique index refuses the second registration.
        try (Connection owner = connect(); var st = owner.createStatement()) {
            st.execute("INSERT INTO model_change (action, version, changed_by, reason) "
                    + "VALUES ('REGISTER', 'e2e-racing', 'another-admin', 'registering at the same moment')");
        }
        HttpResponse<String> racing = rulesRequest("POST", "/api/models", "rules-admin", null,
                registration.replace("e2e-tiny-amount-lr", "e2e-racing"));
        assertProblem(racing, 409, "a version registered by someone else meanwhile");
        assertThat(racing.body()).contains("registered by someone else meanwhile");

        String challenge = "{\"version\": \"e2e-tiny-amount-lr\", \"reason\": \"e2e: shadow it\"}";
        assertProblem(rulesRequest("PUT", "/api/models/challenger", "rules-admin", null, challenge), 428, "no If-Match");
        assertProblem(rulesRequest("PUT", "/api/models/challenger", "rules-admin", "\"" + (sequence + 7) + "\"", challenge),
                412, "a stale If-Match");
        assertProblem(rulesRequest("PUT", "/api/models/challenger", "rules-admin", "\"" + sequence + "\"",
                "{\"version\": \"no-such-model\", \"reason\": \"e2e\"}"), 404, "an unknown version");
        HttpResponse<String> challenged = rulesRequest("PUT", "/api/models/challenger", "rules-admin",
                "\"" + sequence + "\"", challenge);
        assertThat(challenged.statusCode()).as(challenged.body()).isEqualTo(202);

        JsonNode shadowed = verdictOfNewPayment("acc-e2e-shadow", "5.00", v -> v.has("challenger"));
        assertThat(shadowed.path("model_version").asText()).isEqualTo(shipped);
        assertThat(shadowed.path("challenger").path("model_version").asText()).isEqualTo("e2e-tiny-amount-lr");
        assertThat(shadowed.path("challenger").path("decision").asText()).isEqualTo("ALERT");
        assertThat(shadowed.path("decision").asText()).as("the champion's decision is the one acted on").isEqualTo("ALLOW");
        assertThat(detectorCounter("fraud_detector_model_decisions_total", "decision", "ALERT\",model_version=\"e2e-tiny-amount-lr\",role=\"challenger"))
                .isPositive();

        assertThat(rulesRequest("POST", "/api/models/promote", "rules-admin", "\"" + sequence + "\"",
                "{\"reason\": \"e2e\"}").statusCode()).as("made from the assignment before the challenger").isEqualTo(412);
        assertThat(rulesRequest("POST", "/api/models/promote", "rules-admin", "\"" + (sequence + 1) + "\"",
                "{\"reason\": \"e2e: it catches more\"}").statusCode()).isEqualTo(202);
        JsonNode promoted = verdictOfNewPayment("acc-e2e-promoted", "5.00",
                v -> v.path("model_version").asText().equals("e2e-tiny-amount-lr"));
        assertThat(promoted.has("challenger")).isFalse();
        assertThat(promoted.path("decision").asText()).isEqualTo("ALERT");

        assertThat(rulesRequest("POST", "/api/models/rollback", "rules-admin", "\"" + (sequence + 2) + "\"",
                "{\"version\": \"" + shipped + "\", \"reason\": \"e2e: too many alerts\"}").statusCode()).isEqualTo(202);
        JsonNode rolledBack = verdictOfNewPayment("acc-e2e-rolled-back", "5.00",
                v -> v.path("model_version").asText().equals(shipped));
        assertThat(rolledBack.path("decision").asText()).isEqualTo("ALLOW");

        assertThat(rulesRequest("PUT", "/api/models/challenger", "rules-admin", "\"" + (sequence + 3) + "\"", challenge)
                .statusCode()).isEqualTo(202);
        JsonNode trail = JSON.readTree(rulesRequest("GET", "/api/models/changes", "rules-viewer", null, null).body());
        assertThat(trail.findValuesAsText("action")).containsSequence("CHALLENGE", "ROLLBACK", "PROMOTE", "CHALLENGE",
                "REGISTER");
        assertThat(trail.get(1).path("reason").asText()).isEqualTo("e2e: too many alerts");
        assertThat(trail.get(1).path("changed_by").asText()).isEqualTo("rules-admin");
    }

    /** Inserts a payment until its verdict matches (the registry reaches the detector within moments). */
    private JsonNode verdictOfNewPayment(String account, String amount, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String id = UUID.randomUUID().toString();
            insert(id, account, amount, "m-e2e-models");
            JsonNode verdict = JSON.readTree(awaitRecord(List.of("transactions.legit", "transactions.fraud"),
                    r -> r.value().contains(id)).value());
            if (wanted.test(verdict)) {
                return verdict;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("No verdict for " + account + " matched within 60 s");
    }

    /**
     * Each service's database role can do its job and nothing else (docs/security.md): the dashboard cannot write an
     * outbox row (which the alerts-outbox connector would publish as an alert) nor a payment, the detector cannot
     * change payments, ingest cannot write alerts; each can still write what it owns; the trainer only reads. Debezium's role (fraud_cdc) only
     * reads the tables its publications capture (and streams them: the other tests of this class run through it).
     */
    @Test
    @Order(8)
    void eachServiceRoleWritesOnlyWhatItOwns() throws Exception {
        String outbox = "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, timestamp, payload) "
                + "VALUES (gen_random_uuid(), 'alert', 'forged', 'FraudAlert', now(), '{}')";
        String payment = "INSERT INTO transactions (id, account_id, bank_id, payment_system, channel, amount, currency, "
                + "merchant_id, created_at) VALUES (gen_random_uuid(), 'acc-forged', 'bank-a', 'VISA', 'ONLINE', 1, 'EUR', "
                + "'m-forged', now())";
        assertRefused("fraud_dashboard", "dashboard-local", outbox);
        assertRefused("fraud_dashboard", "dashboard-local", payment);
        assertRefused("fraud_dashboard", "dashboard-local", "DELETE FROM fraud_alert");
        assertRefused("fraud_detector", "detector-local", "UPDATE transactions SET amount = 0");
        assertRefused("fraud_ingest", "ingest-local", outbox);
        assertRefused("fraud_ingest", "ingest-local", "DELETE FROM fraud_alert");
        assertRefused("fraud_ingest", "ingest-local", "CREATE TABLE sneaky (id int)");
        // Debezium's role reads what it captures and writes nothing, nor makes publications of other tables
        assertRefused("fraud_cdc", "cdc-local", payment);
        assertRefused("fraud_cdc", "cdc-local", outbox);
        assertRefused("fraud_cdc", "cdc-local", "SELECT count(*) FROM fraud_alert");
        assertRefused("fraud_cdc", "cdc-local", "CREATE PUBLICATION sneaky FOR TABLE fraud_alert");
        // train --from-database's role reads payments and triage (what payment-outcomes.sql needs) and writes nothing
        assertRefused("fraud_trainer", "trainer-local", payment);
        assertRefused("fraud_trainer", "trainer-local", "UPDATE dashboard.alert_triage SET note = 'forged'");
        assertRefused("fraud_trainer", "trainer-local", "SELECT count(*) FROM fraud_alert");
        try (Connection trainer = DriverManager.getConnection(system.jdbcUrl(), "fraud_trainer", "trainer-local");
             var st = trainer.createStatement()) {
            assertThat(st.executeQuery("SELECT count(*) FROM transactions WHERE status = 'CHARGEBACK'").next()).isTrue();
            assertThat(st.executeQuery("SELECT count(*) FROM dashboard.alert_triage").next()).isTrue();
        }

        try (Connection dashboard = DriverManager.getConnection(system.jdbcUrl(), "fraud_dashboard", "dashboard-local");
             var st = dashboard.createStatement()) {
            assertThat(st.executeQuery("SELECT count(*) FROM fraud_alert").next()).isTrue();
        }
        assertThat(count("SELECT count(*) FROM outbox_event WHERE aggregateid = ?", "forged")).isZero();
    }

    private void assertRefused(String role, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(system.jdbcUrl(), role, password); var st = c.createStatement()) {
            st.execute(sql);
            throw new AssertionError(role + " was allowed: " + sql);
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(role + ": " + sql + " (" + e.getMessage() + ")").isEqualTo("42501");
        }
    }

    private HttpResponse<String> rulesRequest(String method, String path, String caller, String ifMatch, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(detector(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header("Authorization", "Bearer " + system.token(caller));
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
    }

    @Test
    @Order(9)
    void windowStateIsCheckpointedOnceItsEventsAreDone() throws Exception {
        for (int i = 0; i < 3; i++) {
            insert(UUID.randomUUID().toString(), probingAccount, "1.00");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                countRecords("transactions.legit", v -> v.key().equals(probingAccount))
                        + countRecords("transactions.fraud", v -> v.key().equals(probingAccount))).isEqualTo(3));
        // The third probe's change event: a checkpoint of its partition that resumes after it holds all three probes
        // in the account's 15-minute window.
        ConsumerRecord<String, String> lastProbe = lastChangeEventOf(probingAccount);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(checkpointedOffset(lastProbe.partition())).isGreaterThan(lastProbe.offset()));
    }

    @Test
    @Order(9)
    void theDashboardShowsTheAccountsTheDetectorHoldsAgainstItsBudget() {
        // detector-service's StateReport writes a row every 10 s, the dashboard reads it every 5 s: the accounts of
        // the earlier tests, within the budget the detector derived from its 4 GB heap (StateBudget), none evicted.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode memory = getJson("/api/snapshot").path("pipeline").path("detector_memory");
            assertThat(memory.path("instances").asInt()).isEqualTo(1);
            assertThat(memory.path("accounts").asLong()).isPositive();
            assertThat(memory.path("account_budget").asLong()).isBetween(500_000L, 560_000L);
            assertThat(memory.path("evicted_for_budget").asLong()).isZero();
            assertThat(memory.path("last_evicted_idle_hours").isNull()).isTrue();
            assertThat(memory.path("merchants").asLong()).isPositive();
            assertThat(memory.path("merchant_budget").asLong()).isEqualTo(20_000);
            assertThat(memory.path("merchants_evicted_for_budget").asLong()).isZero();
        });
    }

    @Test
    @Order(10)
    void stoppingLeavesNoProcessBehind() throws Exception {
        assertThat(system.rememberProcesses()).as("launcher, three services and PostgreSQL").hasSizeGreaterThanOrEqualTo(5);

        int exit = system.stop(STOP_TIMEOUT);

        assertThat(exit).as("exit code after SIGTERM (143 = terminated by the signal, after the shutdown hook ran)")
                .isIn(0, 143);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(system.survivors()).isEmpty());
        assertThat(system.postmaster()).isEmpty();
    }

    @Test
    @Order(11)
    void aRestartResumesWhereItStoppedWithoutReplayingOrLosingEvents() throws Exception {
        system.start(false, START_TIMEOUT);

        // The dashboard rebuilds its recent alerts from fraud-alerts.
        assertThat(getJson("/api/alerts?limit=50").findValuesAsText("transaction_id")).contains(fraudId);

        BlockingQueue<String> events = openAlertStream();
        String afterRestart = UUID.randomUUID().toString();
        insert(afterRestart, "acc-e2e-restart", "12500.00");
        awaitEvent(events, a -> afterRestart.equals(a.path("transaction_id").asText()), Duration.ofSeconds(60));

        // Debezium resumed from its stored offset (no new snapshot) and the detector from its committed offset: a
        // replay from zero would count all 7 inserts of this test class (and the dead letter again). At-least-once
        // allows an event whose offset was not yet committed at shutdown to come again, hence a range, not exactly 1.
        assertThat(detectorCounter("fraud_detector_change_events_total", "operation", "snapshot")).isZero();
        assertThat(detectorCounter("fraud_detector_change_events_total", "operation", "insert")).isBetween(1.0, 6.0);
        // The rule set published before the restart is read back from the compacted fraud-rules topic, and the model
        // registry from fraud-models: the challenger set before the restart is scored again.
        assertThat(getRulesJson()).contains("acc-e2e-listed");
        JsonNode models = JSON.readTree(rulesRequest("GET", "/api/models", "rules-viewer", null, null).body());
        assertThat(models.path("challenger").asText()).isEqualTo("e2e-tiny-amount-lr");
        assertThat(models.path("sequence").asLong()).isEqualTo(4);
        // A change event delivered again after the restart never stores (or publishes) its alert a second time.
        assertThat(count("SELECT count(*) FROM fraud_alert WHERE transaction_id = ?", fraudId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM fraud_alert WHERE transaction_id = ?", afterRestart)).isEqualTo(1);

        // Window state came back from the checkpoint: the three probes sent before the restart, followed now by a
        // large payment, are card testing. A detector that restarted with empty windows would not see the probes.
        String cashOut = UUID.randomUUID().toString();
        insert(cashOut, probingAccount, "400.00");
        JsonNode blocked = awaitEvent(events, a -> cashOut.equals(a.path("transaction_id").asText()), Duration.ofSeconds(60));
        assertThat(blocked.path("decision").asText()).isEqualTo("BLOCK");
        assertThat(blocked.path("reasons").toString()).contains("card-testing");
        assertThat(detectorCounter("fraud_detector_state_restored_histories_total", null, null)).isPositive();

        assertThat(system.stop(STOP_TIMEOUT)).isIn(0, 143);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(system.survivors()).isEmpty());
    }

    private String getRulesJson() throws Exception {
        HttpResponse<String> response = rulesRequest("GET", "/api/rules", "rules-viewer", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().replace(" ", "");
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private URI detector(String path) {
        return URI.create("http://127.0.0.1:" + system.port("FRAUD_DETECTOR_PORT") + path);
    }

    private void insert(String id, String account, String amount) throws SQLException {
        insert(id, account, amount, "m-e2e");
    }

    private void insert(String id, String account, String amount, String merchant) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO transactions (id, account_id, card_fingerprint, card_last4, bank_id, payment_system, channel,
                    amount, currency, merchant_id, merchant_name, merchant_category, country, lat, lon, created_at)
                VALUES (?::uuid, ?, 'fp-e2e', '4242', 'bank-a', 'VISA', 'ONLINE', ?::numeric, 'EUR', ?,
                    'E2E Electronics', '5732', 'DE', 52.52, 13.40, ?)""")) {
            ps.setString(1, id);
            ps.setString(2, account);
            ps.setString(3, amount);
            ps.setString(4, merchant);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql, String id) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(system.jdbcUrl(), "payments", "payments-local");
    }

    /** Subscribes to the dashboard's SSE stream; the queue receives the JSON of every {@code data:} line. */
    private BlockingQueue<String> openAlertStream() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(dashboard("/api/alerts/stream"))
                .header("Accept", "text/event-stream").header("Authorization", DASHBOARD_VIEWER).build();
        HttpResponse<java.util.stream.Stream<String>> response =
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try {
                response.body().filter(line -> line.startsWith("data:"))
                        .forEach(line -> events.add(line.substring(5).trim()));
            } catch (java.io.UncheckedIOException streamClosed) {
                // the dashboard stopped (the restart test, or the end of the class): a test waiting for an event fails
                // on its own timeout, so there is nothing to report here
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static JsonNode awaitEvent(BlockingQueue<String> events, Predicate<JsonNode> wanted, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> others = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String data = events.poll(500, TimeUnit.MILLISECONDS);
            if (data != null) {
                JsonNode event = JSON.readTree(data);
                if (wanted.test(event)) {
                    return event;
                }
                others.add(data);
            }
        }
        throw new AssertionError("No matching alert on the SSE stream within " + timeout.toSeconds() + " s; got " + others);
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        return awaitRecord(List.of(topic), wanted);
    }

    private ConsumerRecord<String, String> awaitRecord(List<String> topics, Predicate<ConsumerRecord<String, String>> wanted) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No matching record on " + topics + " within 60 s");
    }

    /** Every matching record on the topic, read from the beginning up to its current end. */
    private long countRecords(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long matches = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && wanted.test(record)) {
                        matches++;
                    }
                }
            }
            return matches;
        }
    }

    /** The account's newest change event on the transactions topic (all of an account's are in one partition). */
    private ConsumerRecord<String, String> lastChangeEventOf(String account) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        countRecords("payments.public.transactions", r -> r.value().contains(account) && found.add(r));
        assertThat(found).as("change events of %s", account).isNotEmpty();
        return found.stream().max(java.util.Comparator.comparingLong(ConsumerRecord::offset)).orElseThrow();
    }

    /** The offset the detector's latest committed checkpoint of a partition resumes from (-1 if none). */
    private long checkpointedOffset(int partition) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition tp = new TopicPartition("fraud-detector-state", partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long offset = -1;
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if ("checkpoint".equals(record.key())) {
                        // Layout: a version byte, then the next offset to process and the watermark, as longs.
                        offset = java.nio.ByteBuffer.wrap(record.value(), 1, 8).getLong();
                    }
                }
            }
            return offset;
        }
    }

    private double detectorCounter(String name, String tag, String value) throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + system.port("FRAUD_DETECTOR_PORT") + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String series = tag == null ? Pattern.quote(name) : Pattern.quote(name + "{" + tag + "=\"" + value + "\"}");
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.Ee+-]+)$").matcher(metrics);
        assertThat(m.find()).as("metric %s{%s=%s} on the detector", name, tag, value).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(dashboard(path))
                        .header("Authorization", DASHBOARD_VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The local stack's documented read-only dashboard user. */
    private static final String DASHBOARD_VIEWER = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("viewer:viewer-local".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private URI dashboard(String path) {
        return URI.create("http://127.0.0.1:" + system.port("FRAUD_DASHBOARD_PORT") + path);
    }
}
