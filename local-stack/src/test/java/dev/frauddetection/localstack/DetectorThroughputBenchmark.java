package dev.frauddetection.localstack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many change events per second detector-service turns into verdicts: the whole local system runs, N change
 * events in Debezium's format are written straight into payments.public.transactions, and the clock stops when the
 * detector has decoded all of them and published their verdicts. Prints its figures; not part of the normal test run:
 * {@code ./mvnw verify -pl local-stack -Pbenchmark} (after {@code ./mvnw -DskipTests package}; {@code -Dbench.events=N}).
 */
@Tag("benchmark")
class DetectorThroughputBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void changeEventsToVerdictsPerSecond() throws Exception {
        int events = Integer.getInteger("bench.events", 200_000);
        Path target = Path.of("target");
        try (RunningSystem system = RunningSystem.onFreePorts(target.resolve("bench-data"), target.resolve("bench-launcher.log"))) {
            system.start(true, Duration.ofSeconds(240));
            URI metrics = URI.create("http://127.0.0.1:" + system.port("FRAUD_DETECTOR_PORT") + "/q/metrics");

            long written;
            long started = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
                Random random = new Random(5);
                Instant base = Instant.now().minusSeconds(3600);
                for (int i = 0; i < events; i++) {
                    String account = "acc-bench-" + random.nextInt(50_000);
                    producer.send(new ProducerRecord<>("payments.public.transactions", "{\"account_id\":\"" + account + "\"}",
                            changeEvent(i, account, random, base.plusMillis(i * 10L))));
                }
                producer.flush();
                written = System.nanoTime();
            }
            double before = counter(metrics);
            // While the writer runs, it and the broker take most of the two cores; once it has stopped, the detector
            // drains the backlog alone. The second half of the events shows the rate with the JIT warm.
            long halfwayAt = 0;
            double done;
            while ((done = counter(metrics)) < events) {
                if (System.nanoTime() - started > Duration.ofMinutes(15).toNanos()) {
                    throw new AssertionError("The detector did not process " + events + " events within 15 minutes; at "
                            + done);
                }
                if (halfwayAt == 0 && done >= events / 2.0) {
                    halfwayAt = System.nanoTime();
                }
                Thread.sleep(100);
            }
            long finished = System.nanoTime();
            double seconds = (finished - started) / 1e9;
            double afterWriting = (events - before) / ((finished - written) / 1e9);
            double secondHalf = halfwayAt == 0 ? Double.NaN : (events / 2.0) / ((finished - halfwayAt) / 1e9);
            System.out.printf(Locale.ROOT, "%nBENCHMARK detector: %d change events from Kafka to verdicts in %.2f s = "
                            + "%.0f events/s (writing them took %.2f s; %.0f already done when writing ended); after "
                            + "writing ended %.0f events/s; second half of the events %.0f events/s; %d cores, "
                            + "everything on this machine%n%n", events, seconds, events / seconds,
                    (written - started) / 1e9, before, afterWriting, secondHalf, Runtime.getRuntime().availableProcessors());
        }
    }

    private static String changeEvent(int i, String account, Random random, Instant at) {
        String amount = String.format(Locale.ROOT, "%.2f", Math.exp(3.4 + random.nextGaussian() * 0.8));
        return """
                {"before":null,"after":{"id":"%s","account_id":"%s","card_fingerprint":"fp-%s","card_last4":"1234",\
                "bank_id":"bank-a","payment_system":"VISA","channel":"CARD_PRESENT","amount":"%s","currency":"EUR",\
                "merchant_id":"m-bench-%d","merchant_name":"Bench","merchant_category":"5411","country":"DE",\
                "lat":52.5,"lon":13.4,"created_at":"%s","status":"AUTHORIZED","updated_at":"%s"},\
                "source":{"ts_ms":%d,"table":"transactions"},"op":"c","ts_ms":%d}"""
                .formatted(new java.util.UUID(7, i), account, account, amount, random.nextInt(500), at, at,
                        System.currentTimeMillis(), System.currentTimeMillis());
    }

    private static double counter(URI metrics) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^fraud_detector_change_events_total\\{operation=\"insert\"} ([0-9.Ee+-]+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
