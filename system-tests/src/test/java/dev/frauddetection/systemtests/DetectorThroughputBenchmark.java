package dev.frauddetection.systemtests;

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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many change events per second detector-service turns into verdicts: N change events in Debezium's format are
 * written straight into payments.public.transactions, and the clock stops when the detector has decoded all of them
 * and published their verdicts. By default only what the detector needs runs (PostgreSQL for its alerts, the Kafka
 * broker, the detector), each in its own process, so the figure is the detector's and not what Kafka Connect and the
 * dashboard leave of the two cores; {@code -Dbench.whole-system=true} runs the whole local system as before, for
 * comparison. The detector is warmed up first ({@code -Dbench.warmup-events=N}, 600,000 by default), then N events
 * ({@code -Dbench.events=N}, 300,000) are measured. Prints its figures; not part of the normal test run:
 * {@code ./mvnw verify -pl system-tests -Pbenchmark} (after {@code ./mvnw -DskipTests install}).
 */
@Tag("benchmark")
class DetectorThroughputBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void changeEventsToVerdictsPerSecond() throws Exception {
        int events = Integer.getInteger("bench.events", 300_000);
        int warmUpEvents = Integer.getInteger("bench.warmup-events", 600_000);
        boolean wholeSystem = Boolean.getBoolean("bench.whole-system");
        Path target = Path.of("target");
        RunningSystem system = null;
        SeparateServers servers = null;
        if (wholeSystem) {
            system = RunningSystem.onFreePorts(target.resolve("bench-data"), target.resolve("bench-launcher.log"));
        } else {
            servers = SeparateServers.onFreePorts(target.resolve("bench-data"));
        }
        // Closed even when starting fails, so no server outlives the benchmark.
        try (AutoCloseable running = wholeSystem ? system : servers) {
            String bootstrap;
            URI metrics;
            // CPU per event of the detector and the broker: steadier between runs than the rate on this shared VM.
            ProcessCpu measuredProcesses = new ProcessCpu();
            if (wholeSystem) {
                system.start(true, Duration.ofSeconds(240));
                bootstrap = system.kafkaBootstrap();
                metrics = URI.create("http://127.0.0.1:" + system.port("FRAUD_DETECTOR_PORT") + "/q/metrics");
            } else {
                servers.startOnly(EnumSet.of(SeparateServers.Part.POSTGRES, SeparateServers.Part.KAFKA,
                        SeparateServers.Part.DETECTOR));
                bootstrap = servers.settings().kafkaBootstrap();
                metrics = URI.create(servers.url(SeparateServers.Part.DETECTOR, "/q/metrics"));
                measuredProcesses.add("detector", servers.processes().get(SeparateServers.Part.DETECTOR), false)
                        .add("Kafka broker", servers.processes().get(SeparateServers.Part.KAFKA), false);
            }
            measure(events, warmUpEvents, wholeSystem, bootstrap, metrics, measuredProcesses);
        }
    }

    private static void measure(int events, int warmUpEvents, boolean wholeSystem, String bootstrap, URI metrics,
                                ProcessCpu measuredProcesses) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            ChangeEvents source = new ChangeEvents(Instant.now().minus(Duration.ofDays(2)));
            // Warm-up: a service runs for days, so what counts is its rate once the JIT has compiled the hot paths.
            // In the first minute the detector's C2 compiler thread alone used more CPU than its event loop.
            long warmUpStarted = System.nanoTime();
            write(producer, source.next(warmUpEvents));
            awaitProcessed(metrics, warmUpEvents);
            double warmUpSeconds = (System.nanoTime() - warmUpStarted) / 1e9;

            // Measured: the events are built before the clock starts, so the writer costs only the producer.
            List<ProducerRecord<String, String>> measured = source.next(events);
            Map<String, Double> decisionsBefore = verdictsByDecision(metrics);
            double before = counter(metrics);
            double[] scoringBefore = scoringSeries(metrics);
            Map<String, Duration> cpuBefore = measuredProcesses.now();
            long started = System.nanoTime();
            write(producer, measured);
            long written = System.nanoTime();
            double doneWhenWritten = counter(metrics) - before;
            long finished = awaitProcessed(metrics, before + events);
            Map<String, Duration> cpuAfter = measuredProcesses.now();
            double seconds = (finished - started) / 1e9;
            double afterWriting = (events - doneWhenWritten) / ((finished - written) / 1e9);
            System.out.printf(Locale.ROOT, "%nBENCHMARK detector: after a warm-up of %d change events (%.1f s), %d "
                            + "change events from Kafka to verdicts in %.2f s = %.0f events/s (writing them took %.2f s; "
                            + "%.0f already done when writing ended); after writing ended %.0f events/s; %d cores, %s "
                            + "on this machine%n%n", warmUpEvents, warmUpSeconds, events, seconds, events / seconds,
                    (written - started) / 1e9, doneWhenWritten, afterWriting, Runtime.getRuntime().availableProcessors(),
                    wholeSystem ? "the whole system" : "PostgreSQL, Kafka and the detector only");
            double[] scoring = scoringSeries(metrics);
            double judged = scoring[0] - scoringBefore[0];
            double scoringSeconds = scoring[1] - scoringBefore[1];
            // The hot path as the live pipeline runs it, between the event loop's other work: compare ScoringBenchmark.
            System.out.printf(Locale.ROOT, "BENCHMARK detector: scoring (features, rules, model) %.2f µs per payment "
                    + "judged (%.0f payments; fraud_detector_scoring_time_seconds) = %.0f payments/s of scoring on the "
                    + "pipeline's thread%n%n", scoringSeconds / judged * 1e6, judged, judged / scoringSeconds);
            Map<String, Double> decisions = verdictsByDecision(metrics);
            decisions.replaceAll((decision, count) -> count - decisionsBefore.getOrDefault(decision, 0.0));
            String cpuPerEvent = ProcessCpu.perEvent(cpuBefore, cpuAfter, events);
            System.out.printf(Locale.ROOT, "BENCHMARK detector: verdicts of the measured events by decision %s; CPU "
                    + "per measured event%s; longest pause of the pipeline for a partition's checkpoint (recent "
                    + "minutes) %.1f ms%n%n", decisions, cpuPerEvent.isEmpty() ? ": not measured" : cpuPerEvent,
                    value(metrics, "fraud_detector_state_checkpoint_pause_seconds_max", Double.NaN) * 1000);
        }
    }

    /** Payments scored, and seconds spent scoring them, so far. */
    private static double[] scoringSeries(URI metrics) throws Exception {
        return new double[]{
                value(metrics, "fraud_detector_scoring_time_seconds_count", 0),
                value(metrics, "fraud_detector_scoring_time_seconds_sum", 0)};
    }

    private static void write(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records) {
        records.forEach(producer::send);
        producer.flush();
    }

    /** Waits until the detector has counted this many inserts; returns when (System.nanoTime()). */
    private static long awaitProcessed(URI metrics, double count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        double done;
        while ((done = counter(metrics)) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The detector did not process " + count + " events within 15 minutes; at " + done);
            }
            // Each poll renders the detector's whole Prometheus registry; 4 per second keep that out of the figure.
            Thread.sleep(250);
        }
        return System.nanoTime();
    }

    /**
     * Inserts of 50,000 accounts' payments, 100 ms of event time apart (an account pays about every 80 minutes, as in
     * ScoringBenchmark), continuing where the last call stopped.
     */
    private static final class ChangeEvents {
        private final Random random = new Random(5);
        private final Instant base;
        private int next;

        ChangeEvents(Instant base) {
            this.base = base;
        }

        List<ProducerRecord<String, String>> next(int count) {
            List<ProducerRecord<String, String>> records = new ArrayList<>(count);
            for (int end = next + count; next < end; next++) {
                String account = "acc-bench-" + random.nextInt(50_000);
                records.add(new ProducerRecord<>("payments.public.transactions", "{\"account_id\":\"" + account + "\"}",
                        changeEvent(next, account, random, base.plusMillis(next * 100L))));
            }
            return records;
        }
    }

    private static String changeEvent(int i, String account, Random random, Instant at) {
        // One payment in a hundred is 9,800 EUR, over the high-amount rule's limit: alerts are stored (with their
        // outbox rows) at about the share a fraud team would tolerate, as in bin/bench.
        String amount = i % 100 == 99 ? "9800.00"
                : String.format(Locale.ROOT, "%.2f", Math.exp(3.4 + random.nextGaussian() * 0.8));
        return """
                {"before":null,"after":{"id":"%s","account_id":"%s","card_fingerprint":"fp-%s","card_last4":"1234",\
                "bank_id":"bank-a","payment_system":"VISA","channel":"CARD_PRESENT","amount":"%s","currency":"EUR",\
                "merchant_id":"m-bench-%d","merchant_name":"Bench","merchant_category":"5411","country":"DE",\
                "lat":52.5,"lon":13.4,"created_at":"%s","status":"AUTHORIZED","updated_at":"%s"},\
                "source":{"ts_ms":%d,"table":"transactions"},"op":"c","ts_ms":%d}"""
                .formatted(new java.util.UUID(7, i), account, account, amount, random.nextInt(500), at, at,
                        System.currentTimeMillis(), System.currentTimeMillis());
    }

    private static Map<String, Double> verdictsByDecision(URI metrics) throws Exception {
        Matcher m = Pattern.compile("(?m)^fraud_detector_verdicts_total\\{decision=\"([A-Z]+)\"} ([0-9.Ee+-]+)$")
                .matcher(scrape(metrics));
        Map<String, Double> counts = new TreeMap<>();
        while (m.find()) {
            counts.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return counts;
    }

    private static double counter(URI metrics) throws Exception {
        return value(metrics, "fraud_detector_change_events_total{operation=\"insert\"}", 0);
    }

    /** One series' value from the detector's Prometheus text, or {@code absent} if it is not there (yet). */
    private static double value(URI metrics, String series, double absent) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.Ee+-]+)$").matcher(scrape(metrics));
        return m.find() ? Double.parseDouble(m.group(1)) : absent;
    }

    private static String scrape(URI metrics) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
