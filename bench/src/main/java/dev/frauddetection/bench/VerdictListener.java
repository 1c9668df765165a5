package dev.frauddetection.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads every verdict the detector publishes (transactions.legit and transactions.fraud, all partitions, from their
 * current end) and hands its transaction id to the ledger the moment it arrives; reads the change events on
 * payments.public.transactions too, to split the latency into Debezium's share and the detector's.
 */
final class VerdictListener implements AutoCloseable {

    private static final String CHANGE_EVENTS = "payments.public.transactions";
    private static final List<String> TOPICS = List.of("transactions.legit", "transactions.fraud", CHANGE_EVENTS);

    private final KafkaConsumer<String, String> consumer;
    private final PaymentLedger ledger;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    VerdictListener(String bootstrap, PaymentLedger ledger) {
        this.ledger = ledger;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        this.thread = new Thread(this::run, "verdict-listener");
        thread.setDaemon(true);
    }

    void start() throws InterruptedException {
        thread.start();
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Could not subscribe to the verdict topics within 60 s");
        }
    }

    private void run() {
        List<TopicPartition> partitions = TOPICS.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        positioned.countDown();
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.topic().equals(CHANGE_EVENTS)) {
                    String after = Json.stringField(record.value(), "op");
                    String id = "c".equals(after) ? Json.stringField(record.value(), "id") : null;
                    if (id != null) {
                        ledger.changeEvent(id, System.nanoTime());
                    }
                    continue;
                }
                String id = Json.stringField(record.value(), "transaction_id");
                if (id != null) {
                    ledger.verdict(id, System.nanoTime(), decidedAt(record.value()), System.currentTimeMillis());
                }
            }
        }
        consumer.close();
    }

    private static long decidedAt(String verdict) {
        String decided = Json.stringField(verdict, "decided_at");
        try {
            return decided == null ? 0 : java.time.Instant.parse(decided).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
