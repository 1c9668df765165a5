package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.config.DetectorConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The {@code fraud-models} topic, read whole by every instance with a consumer of its own (assigned its partitions,
 * no consumer group, nothing committed) and written by the models API. Plain Kafka clients rather than a messaging
 * channel: start-up must read the topic to its end before the first payment is judged, which a channel cannot promise.
 */
@ApplicationScoped
public class ModelTopic {

    private static final Logger LOG = Logger.getLogger(ModelTopic.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long PUBLISH_TIMEOUT_SECONDS = 15;

    private final String topic;
    private final Duration startupWait;
    private final Map<String, Object> kafka;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean stopped;
    private Thread follower;

    public ModelTopic(DetectorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.topic = config.models().topic();
        this.startupWait = config.models().startupWait();
        this.kafka = kafka;
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fraud-detector-models-" + java.util.UUID.randomUUID());
        // Registrations carry whole models (a few hundred KB each).
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads the topic from its beginning to the end it has now, handing every record over; gives up (logged) after the
     * configured start-up wait, leaving the rest to {@link #follow}.
     */
    void catchUp(BiConsumer<String, byte[]> records) {
        long deadline = System.nanoTime() + startupWait.toNanos();
        try {
            List<TopicPartition> partitions = partitions(deadline);
            if (partitions.isEmpty()) {
                LOG.errorf("The model registry %s was not found within %s; judging with the base model until it is",
                        topic, startupWait);
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            while (!reached(end)) {
                if (System.nanoTime() > deadline) {
                    LOG.errorf("The model registry %s was not read to its end within %s; the rest follows", topic,
                            startupWait);
                    return;
                }
                consumer.poll(POLL).forEach(r -> records.accept(r.key(), r.value()));
            }
            LOG.infof("Model registry %s read to its end (%s)", topic, end);
        } catch (RuntimeException e) {
            LOG.errorf("Reading the model registry %s at start-up failed (%s); judging with the base model until it "
                    + "can be read", topic, e.getMessage());
        }
    }

    /** From where {@link #catchUp} stopped, on a thread of its own, until the detector stops. */
    void follow(BiConsumer<String, byte[]> records) {
        follower = Thread.ofPlatform().daemon().name("model-registry").start(() -> {
            while (!stopped) {
                try {
                    if (consumer.assignment().isEmpty()) {
                        List<TopicPartition> partitions = partitions(System.nanoTime() + POLL.toNanos() * 10);
                        if (partitions.isEmpty()) {
                            continue;
                        }
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        records.accept(r.key(), r.value());
                    }
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.errorf("Reading the model registry %s failed (%s); retrying", topic, e.getMessage());
                    sleepQuietly();
                }
            }
        });
    }

    /** Writes one record and waits until Kafka acknowledges it (all in-sync replicas). */
    void publish(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> props = new HashMap<>(kafka);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
                    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
                    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    private List<TopicPartition> partitions(long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (System.nanoTime() > deadline || stopped) {
                return List.of();
            }
            sleepQuietly();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        stopped = true;
        consumer.wakeup();
        if (follower != null) {
            try {
                follower.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (follower == null || !follower.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
