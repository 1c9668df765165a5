package dev.frauddetection.dashboard.sse;

import dev.frauddetection.dashboard.support.UpstreamResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream over real HTTP connections: a slow client next to a fast one, resuming with Last-Event-ID,
 * heartbeats and snapshots.
 */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
class SseStreamTest {

    private static final Pattern TX = Pattern.compile("\"transaction_id\":\"([^\"]+)\"");

    @TestHTTPResource("/api/alerts/stream")
    URL stream;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    MeterRegistry registry;

    /**
     * Reads a stream on its own thread, keeping every line. Not a CopyOnWriteArrayList: that copies every line read so
     * far for each new one, and at 10,000 alerts/s (some 50,000 lines) the "fast" client itself fell behind and had
     * alerts dropped from its own buffer.
     */
    static final class Reader implements AutoCloseable {
        private final Queue<String> received = new ConcurrentLinkedQueue<>();
        private final Socket socket;

        Reader(URL url, String lastEventId, int receiveBuffer, boolean read) throws Exception {
            this(url, lastEventId, receiveBuffer, read, "viewer:viewer-test");
        }

        Reader(URL url, String lastEventId, int receiveBuffer, boolean read, String credentials) throws Exception {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()));
            String auth = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Basic " + auth + "\r\n"
                    + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (read) {
                startReading();
            }
        }

        void startReading() {
            Thread t = new Thread(() -> {
                try (InputStream in = socket.getInputStream();
                     BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        received.add(line);
                    }
                } catch (Exception closed) {
                    // the test closed the socket
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** The lines read so far. */
        List<String> lines() {
            return List.copyOf(received);
        }

        List<String> alertIds() {
            List<String> ids = new ArrayList<>();
            for (String line : received) {
                Matcher m = TX.matcher(line);
                if (line.startsWith("data: {\"transaction_id\"") && m.find()) {
                    ids.add(m.group(1));
                }
            }
            return ids;
        }

        List<Long> eventIds() {
            return received.stream().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4))).toList();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private void send(List<String> transactionIds) {
        InMemorySource<String> alerts = connector.source("fraud-alerts");
        String padding = "x".repeat(900);
        for (String tx : transactionIds) {
            alerts.send("{\"transaction_id\":\"" + tx + "\",\"account_id\":\"acc-sse\",\"merchant_id\":\"m-1\","
                    + "\"amount\":\"9800.00\",\"currency\":\"EUR\",\"score\":0.9,\"decision\":\"ALERT\","
                    + "\"reasons\":[\"high-amount " + padding + "\"],\"event_time\":\"2026-11-22T10:00:00Z\","
                    + "\"decided_at\":\"2026-11-22T10:00:00.100Z\"}");
        }
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    private double dropped() {
        return Search.in(registry).name("fraud.dashboard.sse.events.dropped").tag("reason", "overflow").counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aSlowClientLosesItsOwnAlertsWhileTheFastOneGetsEveryAlertInOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> sent = ids("slow-" + run, 12_000);
        double droppedBefore = dropped();
        try (Reader slow = new Reader(stream, null, 4096, false); Reader fast = new Reader(stream, null, 0, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fast.lines().contains(": connected"));
            Thread.sleep(300); // the slow client's subscription is registered too

            long started = System.nanoTime();
            for (int i = 0; i < sent.size(); i += 50) {
                send(sent.subList(i, i + 50));
                Thread.sleep(5); // a steady flow (about 10,000 alerts/s) rather than one burst, as from Kafka
            }
            long sendMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fast.alertIds().size())
                    .as("alerts the fast client read (alerts dropped overall: %.0f)", dropped() - droppedBefore)
                    .isGreaterThanOrEqualTo(sent.size()));
            assertThat(fast.alertIds()).as("the fast client gets every alert, in order, once").isEqualTo(sent);
            assertThat(fast.eventIds()).isSorted().doesNotHaveDuplicates();
            assertThat(sendMillis).as("the pipeline is never held up by the slow client").isLessThan(20_000);
            assertThat(dropped() - droppedBefore).as("alerts dropped from the slow client's full buffer")
                    .isGreaterThan(0);

            // The slow client starts reading: it gets a gap-free tail, in order, never a duplicate.
            slow.startReading();
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.alertIds().contains(sent.getLast()));
            List<String> slowIds = slow.alertIds();
            assertThat(slowIds).doesNotHaveDuplicates().hasSizeLessThan(sent.size());
            assertThat(sent).containsSubsequence(slowIds);
        }
    }

    /**
     * Streams are capped per user (60 in the test profile) and in total (80): one more than a user's share is a 503
     * with Retry-After and a problem naming the cap, while another user still gets in.
     */
    @Test
    void aUserBeyondTheirShareOfStreamsIsToldToRetryLater() throws Exception {
        List<Reader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                readers.add(new Reader(stream, null, 0, true));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> readers.stream().allMatch(r -> r.lines().contains(": connected")));
            var oneTooMany = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(stream.toURI())
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "viewer:viewer-test".getBytes(StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(oneTooMany.statusCode()).isEqualTo(503);
            assertThat(oneTooMany.headers().firstValue("Retry-After")).contains("10");
            assertThat(oneTooMany.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(oneTooMany.body()).contains("at most 60 live streams per user");
            try (Reader analyst = new Reader(stream, null, 0, true, "analyst:analyst-test")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> analyst.lines().contains(": connected"));
            }
            assertThat(Search.in(registry).name("fraud.dashboard.sse.refused").counter().count()).isPositive();
        } finally {
            for (Reader reader : readers) {
                reader.close();
            }
        }
    }

    @Test
    void manyConcurrentClientsEachGetEveryAlertAndAreCounted() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> sent = ids("many-" + run, 20);
        List<Reader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                readers.add(new Reader(stream, null, 0, true));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> readers.stream().allMatch(r -> r.lines().contains(": connected")));
            assertThat(registry.get("fraud.dashboard.sse.clients").gauge().value()).isGreaterThanOrEqualTo(50);

            send(sent);

            await().atMost(Duration.ofSeconds(20)).until(() -> readers.stream().allMatch(r -> r.alertIds().size() == sent.size()));
            readers.forEach(r -> assertThat(r.alertIds()).isEqualTo(sent));
        } finally {
            for (Reader reader : readers) {
                reader.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(registry.get("fraud.dashboard.sse.clients").gauge().value()).isLessThan(50));
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> first = ids("resume-a-" + run, 3);
        List<String> missed = ids("resume-b-" + run, 4);
        long lastSeen;
        try (Reader client = new Reader(stream, null, 0, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lines().contains(": connected"));
            send(first);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.alertIds().containsAll(first));
            List<Long> eventIds = client.eventIds();
            lastSeen = eventIds.get(client.alertIds().indexOf(first.getLast()));
        }
        send(missed);

        try (Reader again = new Reader(stream, Long.toString(lastSeen), 0, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> again.alertIds().containsAll(missed));
            Thread.sleep(300);
            assertThat(again.alertIds()).isEqualTo(missed);
        }
    }

    @Test
    void idleStreamsGetHeartbeatCommentsAndSnapshots() throws Exception {
        try (Reader client = new Reader(stream, null, 0, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lines().contains(": heartbeat"));
            // The first snapshots may come before the pipeline check has read Connect's state for the first time.
            await().atMost(Duration.ofSeconds(10)).until(() -> client.lines().stream().anyMatch(line ->
                    line.startsWith("data: {\"at\":") && line.contains("\"transactions_series\":[")
                            && line.contains("\"name\":\"transactions-cdc\",\"state\":\"RUNNING\"")));
            List<String> lines = client.lines();
            assertThat(lines.get(lines.indexOf("event: snapshot") + 1)).startsWith("data: {\"at\":");
            assertThat(lines).contains("HTTP/1.1 200 OK");
        }
        assertThat(registry.get("fraud.dashboard.sse.events.pushed").tag("event", "snapshot").counter().count())
                .isPositive();
    }

    @Test
    void aBadLastEventIdIsAProblem() throws Exception {
        try (Reader client = new Reader(stream, "yesterday", 0, true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.lines().isEmpty());
            assertThat(client.lines().getFirst()).isEqualTo("HTTP/1.1 400 Bad Request");
        }
    }
}
