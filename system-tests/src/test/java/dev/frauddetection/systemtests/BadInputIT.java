package dev.frauddetection.systemtests;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input campaign on the streaming side, against the whole running system: malformed change events written
 * straight into payments.public.transactions, and rows with NULLs and extreme values written by SQL. Every bad event
 * must land on transactions.dlq with its reason, every row the table accepts must get a verdict or a dead letter,
 * and good payments written between them must still be judged: nothing stuck, nothing lost. The reasons are printed
 * (docs/bad-input.md lists them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private RunningSystem system;
    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> seen = new ConcurrentHashMap<>();
    private Thread reader;
    private volatile boolean reading = true;

    @BeforeAll
    void start() throws Exception {
        Path target = Path.of("target");
        Files.deleteIfExists(target.resolve("bad-input-launcher.log"));
        system = RunningSystem.onFreePorts(target.resolve("bad-input-data"), target.resolve("bad-input-launcher.log"));
        system.start(true, Duration.ofSeconds(240));
        reader = new Thread(this::readOutputs, "outputs");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterAll
    void stop() throws Exception {
        reading = false;
        if (reader != null) {
            reader.join(5_000);
        }
        system.close();
    }

    @Test
    @Order(1)
    @Timeout(180)
    void malformedChangeEventsGoToTheDeadLetterTopicWithTheirReasonAndGoodOnesAroundThemAreJudged() throws Exception {
        String huge = "x".repeat(900_000);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("garbage bytes", new byte[]{(byte) 0xFF, (byte) 0xFE, 0x00, 0x13, (byte) 0xC3, 0x28});
        bad.put("not JSON", "this is not json".getBytes(StandardCharsets.UTF_8));
        bad.put("JSON array", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        bad.put("empty object", "{}".getBytes(StandardCharsets.UTF_8));
        bad.put("missing op", event(null, row(UUID.randomUUID().toString(), "\"12.00\""), true));
        bad.put("unknown op", event("x", row(UUID.randomUUID().toString(), "\"12.00\""), true));
        bad.put("null after", event("c", "null", true));
        bad.put("after a string", event("c", "\"after\"", true));
        bad.put("amount not a number", event("c", row(UUID.randomUUID().toString(), "\"lots\""), true));
        bad.put("amount negative", event("c", row(UUID.randomUUID().toString(), "\"-5.00\""), true));
        bad.put("amount zero", event("c", row(UUID.randomUUID().toString(), "\"0\""), true));
        bad.put("amount an object", event("c", row(UUID.randomUUID().toString(), "{\"v\":1}"), true));
        bad.put("missing source.ts_ms", event("c", row(UUID.randomUUID().toString(), "\"12.00\""), false));
        bad.put("created_at not a time", event("c", row(UUID.randomUUID().toString(), "\"12.00\"")
                .replace("\"created_at\":\"", "\"created_at\":\"yesterday-"), true));
        bad.put("missing id", event("c", row(UUID.randomUUID().toString(), "\"12.00\"").replaceFirst("\"id\":\"[^\"]+\",", ""), true));
        bad.put("deeply nested", ("{\"op\":\"c\",\"after\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}").getBytes(StandardCharsets.UTF_8));
        bad.put("900 KB of garbage", ("{\"op\":\"c\",\"junk\":\"" + huge + "\"}").getBytes(StandardCharsets.UTF_8));
        bad.put("tombstone", null);
        // decodes and raises an alert, but fraud_alert.account_id is varchar(64): the alert can never be stored, so the
        // event is dead-lettered with the database's reason instead of being retried for ever
        bad.put("alert the database refuses", event("c", row(UUID.randomUUID().toString(), "\"9000.00\"")
                .replace("\"account_id\":\"acc-dlq-row\"", "\"account_id\":\"" + "a".repeat(100) + "\""), true));

        List<String> good = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000))) {
            for (Map.Entry<String, byte[]> e : bad.entrySet()) {
                // Every bad event shares its partition (key) with the good one after it: they are read in order.
                byte[] key = ("{\"account_id\":\"acc-dlq-" + e.getKey().replace(' ', '-') + "\"}").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>("payments.public.transactions", key, e.getValue())).get();
                String id = UUID.randomUUID().toString();
                good.add(id);
                producer.send(new ProducerRecord<>("payments.public.transactions", key,
                        event("c", row(id, "\"12.00\""), true))).get();
            }
        }

        Map<String, String> reasons = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String what : bad.keySet()) {
            String key = "acc-dlq-" + what.replace(' ', '-');
            while (dead(key).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<ConsumerRecord<byte[], byte[]>> letters = dead(key);
            assertThat(letters).as("dead letter for " + what).hasSize(1);
            Header reason = letters.getFirst().headers().lastHeader("dead-letter-reason");
            assertThat(reason).as("reason header of " + what).isNotNull();
            reasons.put(what, new String(reason.value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons.get("alert the database refuses"))
                .contains("cannot be stored").contains("value too long for type character varying(64)");
        for (String id : good) {
            awaitVerdictOrDeadLetter(id, deadline);
            assertThat(seen.getOrDefault("verdict:" + id, List.of())).as("verdict for the good event " + id).isNotEmpty();
        }
        System.out.println("\nBAD INPUT change events -> transactions.dlq reasons:");
        reasons.forEach((what, reason) -> System.out.printf("  %-24s %s%n", what, reason.length() > 160 ? reason.substring(0, 160) + "..." : reason));
        System.out.println();
    }

    @Test
    @Order(2)
    @Timeout(180)
    void rowsWithNullsAndExtremeValuesWrittenBySqlAreJudgedOrDeadLetteredAndTheStreamGoesOn() throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("every nullable column NULL", values("NULL", "NULL", "'12.00'", "'EUR'", "NULL", "NULL", "NULL", "NULL", "NULL", "now()"));
        rows.put("largest amount numeric(18,2) holds", values("'fp'", "'4242'", "'9999999999999999.99'", "'EUR'", "'Max'", "'5411'", "'DE'", "90", "180", "now()"));
        rows.put("smallest amount", values("'fp'", "'0000'", "'0.01'", "'EUR'", "'Min'", "'5411'", "'DE'", "-90", "-180", "now()"));
        rows.put("currency without a rate", values("'fp'", "'4242'", "'12.00'", "'XXX'", "'No rate'", "'5411'", "'AQ'", "0", "0", "now()"));
        rows.put("created_at year 9999", values("'fp'", "'4242'", "'12.00'", "'EUR'", "'Future'", "'5411'", "'DE'", "1", "1", "'9999-12-31 23:59:59+00'"));
        rows.put("created_at year 294276", values("'fp'", "'4242'", "'12.00'", "'EUR'", "'Far future'", "'5411'", "'DE'", "1", "1", "'294276-12-30 00:00:00+00'"));
        rows.put("created_at 4713 BC", values("'fp'", "'4242'", "'12.00'", "'EUR'", "'Far past'", "'5411'", "'DE'", "1", "1", "'4713-01-01 00:00:00+00 BC'"));
        rows.put("created_at epoch 0", values("'fp'", "'4242'", "'12.00'", "'EUR'", "'Epoch'", "'5411'", "'DE'", "1", "1", "'1970-01-01 00:00:00+00'"));
        rows.put("created_at infinity", values("'fp'", "'4242'", "'12.00'", "'EUR'", "'Infinity'", "'5411'", "'DE'", "1", "1", "'infinity'"));
        rows.put("created_at -infinity", values("'fp'", "'4242'", "'12.00'", "'EUR'", "'-Infinity'", "'5411'", "'DE'", "1", "1", "'-infinity'"));
        rows.put("longest texts, unicode, quotes", values("'" + "🔑".repeat(128) + "'", "'9999'", "'250.00'", "'EUR'",
                "'" + "Ä\"\\'' ".repeat(40) + "'", "'9999'", "'ZZ'", "89.999999", "-179.999999", "now()"));

        Map<String, String> ids = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(system.jdbcUrl(), "payments", "payments-local");
             Statement st = c.createStatement()) {
            int n = 0;
            for (Map.Entry<String, String> e : rows.entrySet()) {
                String id = UUID.randomUUID().toString();
                String account = n++ % 2 == 0 ? "acc-sql-" + "x".repeat(56) : "acc-sql-ü-" + n;
                st.executeUpdate("""
                        INSERT INTO transactions (id, account_id, bank_id, payment_system, channel, merchant_id,
                            card_fingerprint, card_last4, amount, currency, merchant_name, merchant_category, country,
                            lat, lon, created_at)
                        VALUES ('%s', '%s', 'bank-%s', 'SYSTEM-%s', 'CHANNEL', 'm-sql-%s', %s)"""
                        .formatted(id, account, "b".repeat(50), "s".repeat(20), "m".repeat(50), e.getValue()));
                ids.put(e.getKey(), id);
            }
        }
        String after = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(system.jdbcUrl(), "payments", "payments-local");
             Statement st = c.createStatement()) {
            st.executeUpdate("""
                    INSERT INTO transactions (id, account_id, bank_id, payment_system, channel, amount, currency, merchant_id, created_at)
                    VALUES ('%s', 'acc-sql-after', 'bank-a', 'VISA', 'ONLINE', 20.00, 'EUR', 'm-sql', now())""".formatted(after));
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        System.out.println("\nBAD INPUT rows written by SQL -> outcome:");
        for (Map.Entry<String, String> e : ids.entrySet()) {
            String outcome = awaitVerdictOrDeadLetter(e.getValue(), deadline);
            System.out.printf("  %-32s %s%n", e.getKey(), outcome);
            assertThat(outcome).as(e.getKey()).isNotEqualTo("nothing");
        }
        assertThat(awaitVerdictOrDeadLetter(after, deadline)).as("an ordinary payment after them").startsWith("verdict");
        System.out.println();
    }

    private static String values(String fingerprint, String last4, String amount, String currency, String name,
                                 String mcc, String country, String lat, String lon, String createdAt) {
        return String.join(", ", fingerprint, last4, amount, currency, name, mcc, country, lat, lon, createdAt);
    }

    /** "verdict DECISION", "dead letter: reason", or "nothing" if neither came before the deadline. */
    private String awaitVerdictOrDeadLetter(String id, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> verdicts = seen.getOrDefault("verdict:" + id, List.of());
            if (!verdicts.isEmpty()) {
                String v = new String(verdicts.getFirst().value(), StandardCharsets.UTF_8);
                return "verdict " + v.replaceAll(".*\"decision\":\"([A-Z]+)\".*", "$1");
            }
            List<ConsumerRecord<byte[], byte[]>> dead = seen.getOrDefault("dlq-id:" + id, List.of());
            if (!dead.isEmpty()) {
                Header reason = dead.getFirst().headers().lastHeader("dead-letter-reason");
                return "dead letter: " + (reason == null ? "(no reason)" : new String(reason.value(), StandardCharsets.UTF_8));
            }
            Thread.sleep(200);
        }
        return "nothing";
    }

    private List<ConsumerRecord<byte[], byte[]>> dead(String account) {
        return seen.getOrDefault("dlq-key:" + account, List.of());
    }

    /** Indexes every verdict by transaction id and every dead letter by its key's account and any id it contains. */
    private void readOutputs() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = Stream.of("transactions.legit", "transactions.fraud", "transactions.dlq")
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
                    if (r.topic().equals("transactions.dlq")) {
                        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        String account = key.replaceAll(".*\"account_id\":\"([^\"]+)\".*", "$1");
                        seen.computeIfAbsent("dlq-key:" + account, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
                        java.util.regex.Matcher ids = java.util.regex.Pattern.compile(
                                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(value);
                        while (ids.find()) {
                            seen.computeIfAbsent("dlq-id:" + ids.group(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
                        }
                    } else {
                        String id = value.replaceAll("^.*?\"transaction_id\":\"([^\"]+)\".*$", "$1");
                        seen.computeIfAbsent("verdict:" + id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
                    }
                }
            }
        }
    }

    private static byte[] event(String op, String after, boolean withSource) {
        long now = System.currentTimeMillis();
        return ("{\"before\":null,\"after\":" + after
                + (withSource ? ",\"source\":{\"ts_ms\":" + now + ",\"table\":\"transactions\"}" : "")
                + (op == null ? "" : ",\"op\":\"" + op + "\"") + ",\"ts_ms\":" + now + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String row(String id, String amountJson) {
        Instant at = Instant.now();
        return """
                {"id":"%s","account_id":"acc-dlq-row","card_fingerprint":"fp","card_last4":"1234","bank_id":"bank-a",\
                "payment_system":"VISA","channel":"ONLINE","amount":%s,"currency":"EUR","merchant_id":"m-dlq",\
                "merchant_name":"DLQ","merchant_category":"5411","country":"DE","lat":52.5,"lon":13.4,\
                "created_at":"%s","status":"AUTHORIZED","updated_at":"%s"}""".formatted(id, amountJson, at, at);
    }
}
