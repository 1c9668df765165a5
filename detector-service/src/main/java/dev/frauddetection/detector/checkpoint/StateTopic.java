package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.features.DetectorState;
import dev.frauddetection.detector.features.PartitionSnapshot;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compacted checkpoint topic. Partition n holds, for partition n of the transactions topic, one record per account
 * and per merchant share, and a {@link Checkpoint} record. A checkpoint's records go out in one Kafka transaction
 * and are read back with read_committed, so a restore never sees half a checkpoint: either every history changed
 * up to the checkpoint's offset, or none of them and the previous checkpoint record.
 */
@ApplicationScoped
public class StateTopic {

    private static final Logger LOG = Logger.getLogger(StateTopic.class);
    /** A crashed writer's unfinished transaction holds back read_committed readers until the broker aborts it. */
    private static final int TRANSACTION_TIMEOUT_MS = 30_000;

    private final DetectorConfig.State config;
    private final Map<String, Object> kafka;
    private KafkaProducer<String, byte[]> producer;

    public StateTopic(DetectorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config.state();
        this.kafka = kafka;
    }

    /**
     * Opens the transactional writer once. Its first initTransactions aborts whatever transaction an earlier
     * incarnation with the same id left open, so a restore right after it reads up to date.
     */
    public synchronized void open(int sourcePartitions) {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(kafka);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId());
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        int partitions = producer.partitionsFor(config.topic()).size();
        if (partitions < sourcePartitions) {
            throw new IllegalStateException("Topic " + config.topic() + " has " + partitions + " partitions; the "
                    + "detector checkpoints partition n of the transactions topic into partition n, so it needs at least "
                    + sourcePartitions);
        }
    }

    /**
     * Reads the partitions' checkpoints from the beginning to the last committed record, in one pass, handing each
     * history to its partition's {@link DetectorState.Restore}; returns each partition's latest checkpoint record.
     */
    public Map<Integer, byte[]> read(Map<Integer, DetectorState.Restore> restores) throws IOException {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<TopicPartition> tps = restores.keySet().stream().map(p -> new TopicPartition(config.topic(), p)).toList();
        Map<Integer, byte[]> checkpoints = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + config.restoreTimeout().toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Reading the state of partitions " + restores.keySet() + " took longer than "
                            + config.restoreTimeout());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    DetectorState.Restore restore = restores.get(record.partition());
                    if (Checkpoint.KEY.equals(record.key())) {
                        checkpoints.put(record.partition(), record.value());
                    } else if (record.value() == null) {
                        restore.delete(record.key());
                    } else {
                        restore.put(record.key(), record.value());
                    }
                }
            }
        }
        return checkpoints;
    }

    /** Writes the snapshots and their checkpoint records in one transaction; fails (and aborts) as a whole. */
    public synchronized void write(List<PartitionSnapshot> snapshots) {
        try {
            producer.beginTransaction();
            for (PartitionSnapshot snapshot : snapshots) {
                for (Map.Entry<String, byte[]> record : snapshot.records().entrySet()) {
                    producer.send(new ProducerRecord<>(config.topic(), snapshot.partition(), record.getKey(),
                            record.getValue()));
                }
                producer.send(new ProducerRecord<>(config.topic(), snapshot.partition(), Checkpoint.KEY,
                        new Checkpoint(snapshot.nextOffset(), snapshot.watermark()).encode()));
            }
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            // Another instance runs with this transactional id: a misconfiguration, never retried silently.
            LOG.errorf("Checkpoint writer fenced: another detector uses the transactional id %s", config.transactionalId());
            throw e;
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
