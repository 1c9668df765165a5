package dev.frauddetection.systemtests;

import dev.frauddetection.localstack.DashboardUsers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything the system said about payments, collected from the start: every verdict record (transactions.legit and
 * transactions.fraud, from the beginning), every record on fraud-alerts, and every alert the dashboard's SSE stream
 * showed (logged in as the local stack's viewer). The Kafka consumer rides out a broker restart on its own; the SSE stream
 * is reopened if it ends, from the last alert shown (Last-Event-ID), as a browser reconnects.
 */
final class Outcomes implements AutoCloseable {

    private static final Pattern TRANSACTION = Pattern.compile("\"transaction_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DECISION = Pattern.compile("\"decision\"\\s*:\\s*\"([A-Z]+)\"");

    final Map<String, List<String>> verdicts = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> alertRecords = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> shownAlerts = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Stream<String>> streams = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean watching;
    /** The id of the last alert shown, sent back as Last-Event-ID on reconnecting, as a browser's EventSource does. */
    private volatile String lastEventId;

    Outcomes(String bootstrap, String alertStreamUrl) {
        Thread kafka = new Thread(() -> consume(bootstrap), "outcomes-kafka");
        Thread sse = new Thread(() -> watch(alertStreamUrl), "outcomes-sse");
        for (Thread t : List.of(kafka, sse)) {
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void consume(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = Stream.of("transactions.legit", "transactions.fraud", "fraud-alerts")
                    .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String id = first(TRANSACTION, r.value());
                    if (id == null) {
                        continue;
                    }
                    if (r.topic().equals("fraud-alerts")) {
                        alertRecords.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        verdicts.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(first(DECISION, r.value()));
                    }
                }
            }
        }
    }

    private void watch(String url) {
        while (running) {
            try {
                String login = java.util.Base64.getEncoder().encodeToString((DashboardUsers.VIEWER + ":"
                        + DashboardUsers.VIEWER_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/event-stream").header("Authorization", "Basic " + login);
                if (lastEventId != null) {
                    request.header("Last-Event-ID", lastEventId);
                }
                HttpResponse<Stream<String>> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                        .get(30, TimeUnit.SECONDS);
                Stream<String> lines = response.body();
                streams.add(lines);
                watching = response.statusCode() == 200;
                // Alerts are unnamed events; named ones (the dashboard's aggregate snapshots) are skipped.
                boolean[] named = {false};
                lines.forEach(l -> {
                    if (l.isEmpty()) {
                        named[0] = false;
                    } else if (l.startsWith("event:")) {
                        named[0] = true;
                    } else if (l.startsWith("id:")) {
                        lastEventId = l.substring(3).trim();
                    } else if (l.startsWith("data:") && !named[0]) {
                        String id = first(TRANSACTION, l);
                        if (id != null) {
                            shownAlerts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            } catch (Exception e) {
                // the dashboard is restarting or the stream ended: open it again
            }
            if (running) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** How many times the SSE stream was opened (more than once: it ended and was reopened). */
    int streamsOpened() {
        return streams.size();
    }

    /** Blocks until the SSE stream is open, so that no alert is shown before it listens. */
    void awaitWatching(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!watching) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The dashboard's alert stream did not open");
            }
            Thread.sleep(100);
        }
    }

    private static String first(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        streams.forEach(Stream::close);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
