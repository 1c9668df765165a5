package dev.frauddetection.systemtests;

import dev.frauddetection.localstack.StackSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling the capture stage puts on the whole system on this machine: rows inserted into {@code transactions} as
 * fast as PostgreSQL takes them, and the rate at which Debezium (in Kafka Connect) turns them into change events on
 * payments.public.transactions. Only PostgreSQL, the Kafka broker, Kafka Connect and ingest-service (idle; its
 * migration creates the table) run, each in its own process, and nothing consumes the change events but this
 * benchmark: no detector, no dashboard. The end-to-end system cannot carry more transactions per second than this,
 * and it prints what each process spends per row, which says how much of the two cores capture alone takes.
 * After a warm-up ({@code -Dbench.warmup-rows}, 100,000), {@code -Dbench.rows} (300,000) rows are written by
 * {@code -Dbench.writers} connections (2) in commits of {@code -Dbench.batch} rows (500). Not part of the normal
 * test run: {@code ./mvnw verify -pl system-tests -Pbenchmark -Dit.test=CaptureCeilingBenchmark} (after
 * {@code ./mvnw -DskipTests install}).
 */
@Tag("benchmark")
class CaptureCeilingBenchmark {

    private static final String TOPIC = "payments.public.transactions";
    private static final String INSERT = """
            INSERT INTO transactions (id, account_id, card_fingerprint, card_last4, bank_id, payment_system, channel,
                amount, currency, merchant_id, merchant_name, merchant_category, country, lat, lon, created_at)
            VALUES (?, ?, ?, '4242', 'bank-a', 'VISA', 'CARD_PRESENT', ?, 'EUR', ?, 'Bench Store', '5411', 'DE', ?, ?, ?)""";

    @Test
    void committedRowsToChangeEventsPerSecond() throws Exception {
        int rows = Integer.getInteger("bench.rows", 300_000);
        int warmUpRows = Integer.getInteger("bench.warmup-rows", 100_000);
        int writers = Integer.getInteger("bench.writers", 2);
        int batch = Integer.getInteger("bench.batch", 500);
        Path target = Path.of("target");
        SeparateServers servers = SeparateServers.onFreePorts(target.resolve("bench-data"));
        // Closed even when starting fails, so no server outlives the benchmark.
        try (servers; ChangeEventCounter events = new ChangeEventCounter(servers.settings().kafkaBootstrap())) {
            servers.startOnly(EnumSet.of(SeparateServers.Part.POSTGRES, SeparateServers.Part.KAFKA,
                    SeparateServers.Part.CONNECT, SeparateServers.Part.INGEST));
            servers.awaitConnectorsRunning(List.of("transactions-cdc"), Duration.ofMinutes(2));
            Map<SeparateServers.Part, ProcessHandle> processes = servers.processes();
            ProcessCpu cpu = new ProcessCpu()
                    .add("PostgreSQL", processes.get(SeparateServers.Part.POSTGRES), true)
                    .add("Kafka broker", processes.get(SeparateServers.Part.KAFKA), false)
                    .add("Kafka Connect", processes.get(SeparateServers.Part.CONNECT), false)
                    .add("this benchmark (writers and consumer)", ProcessHandle.current(), false);
            events.start();
            try (PaymentInserts inserts = new PaymentInserts(servers.settings(), writers, batch)) {
                long warmUpStarted = System.nanoTime();
                inserts.write(warmUpRows);
                events.awaitAtLeast(warmUpRows);
                double warmUpSeconds = (System.nanoTime() - warmUpStarted) / 1e9;

                Map<String, Duration> cpuBefore = cpu.now();
                long before = events.count();
                long started = System.nanoTime();
                inserts.write(rows);
                long written = System.nanoTime();
                long capturedWhenWritten = events.count() - before;
                long finished = events.awaitAtLeast(before + rows);
                Map<String, Duration> cpuAfter = cpu.now();
                double seconds = (finished - started) / 1e9;
                System.out.printf(Locale.ROOT, "%nBENCHMARK capture: after a warm-up of %d rows (%.1f s), %d rows "
                                + "committed by %d writers in commits of %d: written in %.2f s = %.0f rows/s; all %d "
                                + "change events on %s after %.2f s = %.0f events/s (%d had arrived when writing "
                                + "ended); %d cores, PostgreSQL, Kafka, Kafka Connect and an idle ingest-service only%n",
                        warmUpRows, warmUpSeconds, rows, writers, batch, (written - started) / 1e9,
                        rows / ((written - started) / 1e9), rows, TOPIC, seconds, rows / seconds, capturedWhenWritten,
                        Runtime.getRuntime().availableProcessors());
                Duration all = ProcessCpu.total(cpuBefore, cpuAfter);
                System.out.printf(Locale.ROOT, "BENCHMARK capture: CPU per row%s; together %.1f µs, so these "
                                + "processes alone would use both cores at %.0f rows/s%n%n",
                        ProcessCpu.perEvent(cpuBefore, cpuAfter, rows), all.toNanos() / 1e3 / rows,
                        Runtime.getRuntime().availableProcessors() * 1e9 / (all.toNanos() / (double) rows));
            }
        }
    }

    /** Plain JDBC batch inserts, as a payments core writes them, on several connections at once. */
    private static final class PaymentInserts implements AutoCloseable {
        private final List<Connection> connections = new ArrayList<>();
        private final ExecutorService threads;
        private final int batch;
        private final AtomicLong sequence = new AtomicLong();

        PaymentInserts(StackSettings settings, int writers, int batch) throws Exception {
            this.batch = batch;
            for (int i = 0; i < writers; i++) {
                Connection c = DriverManager.getConnection(settings.jdbcUrl() + "?reWriteBatchedInserts=true",
                        settings.dbUser(), settings.dbPassword());
                c.setAutoCommit(false);
                connections.add(c);
            }
            threads = Executors.newFixedThreadPool(writers);
        }

        /** Writes {@code rows} rows, split evenly over the connections; returns once all are committed. */
        void write(int rows) throws Exception {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < connections.size(); i++) {
                Connection c = connections.get(i);
                int share = rows / connections.size() + (i < rows % connections.size() ? 1 : 0);
                running.add(threads.submit(() -> {
                    insert(c, share);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }

        private void insert(Connection c, int rows) throws Exception {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int done = 0; done < rows; ) {
                    int n = Math.min(batch, rows - done);
                    for (int i = 0; i < n; i++) {
                        long seq = sequence.getAndIncrement();
                        String account = "acc-capture-" + seq % 200_000;
                        ps.setObject(1, new UUID(11, seq));
                        ps.setString(2, account);
                        ps.setString(3, "fp-" + account);
                        ps.setBigDecimal(4, BigDecimal.valueOf(500 + seq % 15_000, 2));
                        ps.setString(5, "m-capture-" + seq % 2_000);
                        ps.setDouble(6, 52.52);
                        ps.setDouble(7, 13.40);
                        ps.setTimestamp(8, Timestamp.from(Instant.now()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    done += n;
                }
            }
        }

        @Override
        public void close() throws Exception {
            threads.shutdownNow();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** Counts the change events on the topic from its current end, on its own thread; values are not decoded. */
    private static final class ChangeEventCounter implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final AtomicLong count = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong lastArrival = new AtomicLong();
        private Thread thread;

        ChangeEventCounter(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000));
        }

        void start() {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the end offsets now, before any row is written, or the first rows' change
            // events could be skipped and the count would never reach the rows written.
            partitions.forEach(consumer::position);
            thread = new Thread(() -> {
                while (running.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (!records.isEmpty()) {
                        lastArrival.set(System.nanoTime());
                        count.addAndGet(records.count());
                    }
                }
            }, "change-event-counter");
            thread.start();
        }

        long count() {
            return count.get();
        }

        /** Waits until this many change events have arrived; returns when the last of them did (System.nanoTime()). */
        long awaitAtLeast(long events) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (count.get() < events) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Only " + count.get() + " of " + events + " change events within 10 minutes");
                }
                Thread.sleep(20);
            }
            return lastArrival.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(5_000);
            }
            consumer.close();
        }
    }
}
