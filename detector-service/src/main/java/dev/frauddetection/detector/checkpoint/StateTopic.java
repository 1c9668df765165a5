package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.state.PartitionRestore;
import dev.frauddetection.detector.state.PartitionSnapshot;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    /** The transactional writer of each source partition this instance holds. */
    private final Map<Integer, Producer<String, byte[]>> producers = new HashMap<>();
    /** Makes a partition's writer from its transactional id (a MockProducer in StateTopicTest). */
    private final Function<String, Producer<String, byte[]>> writers;

    @Inject
    public StateTopic(DetectorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config.state();
        this.kafka = kafka;
        this.writers = this::producer;
    }

    StateTopic(DetectorConfig.State config, Function<String, Producer<String, byte[]>> writers) {
        this.config = config;
        this.kafka = Map.of();
        this.writers = writers;
    }

    /**
     * Opens the transactional writers of newly assigned partitions, one per partition. initTransactions with the
     * partition's id fences whoever held it before (a stale instance can no longer commit a checkpoint of it) and
     * aborts the transaction it may have left open, so the restore that follows reads up to date.
     */
    public synchronized void claim(Collection<Integer> partitions, int sourcePartitions) {
        for (int partition : partitions) {
            if (!producers.containsKey(partition)) {
                Producer<String, byte[]> producer = writers.apply(transactionalId(partition));
                producer.initTransactions();
                producers.put(partition, producer);
            }
        }
        int partitionsOfTopic = producers.values().iterator().next().partitionsFor(config.topic()).size();
        if (partitionsOfTopic < sourcePartitions) {
            throw new IllegalStateException("Topic " + config.topic() + " has " + partitionsOfTopic + " partitions; the "
                    + "detector checkpoints partition n of the transactions topic into partition n, so it needs at least "
                    + sourcePartitions);
        }
    }

    /** Closes the writers of partitions handed over; their next holder opens its own with the same ids. */
    public synchronized void unclaim(Collection<Integer> partitions) {
        for (int partition : partitions) {
            Producer<String, byte[]> producer = producers.remove(partition);
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    String transactionalId(int partition) {
        return config.transactionalIdPrefix() + "-p" + partition;
    }

    private Producer<String, byte[]> producer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Reads the partitions' checkpoints from the beginning to the last committed record, in one pass, handing each
     * history to its partition's {@link PartitionRestore}; returns each partition's latest checkpoint record.
     */
    public Map<Integer, byte[]> read(Map<Integer, PartitionRestore> restores) throws IOException {
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
                    PartitionRestore restore = restores.get(record.partition());
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

    /**
     * Writes each partition's snapshot and checkpoint record in one transaction of that partition's writer. A writer
     * that was fenced (the partition has a newer holder) writes nothing more: it is closed, and this instance is
     * about to lose the partition in the rebalance. Throws the first failure after trying every partition.
     */
    public synchronized void write(List<PartitionSnapshot> snapshots) {
        KafkaException first = null;
        for (PartitionSnapshot snapshot : snapshots) {
            Producer<String, byte[]> producer = producers.get(snapshot.partition());
            if (producer == null) {
                IllegalStateException notHeld = new IllegalStateException("No checkpoint writer for partition "
                        + snapshot.partition() + ": it was fenced or handed over");
                first = first == null ? new KafkaException(notHeld) : first;
                continue;
            }
            try {
                producer.beginTransaction();
                for (Map.Entry<String, byte[]> record : snapshot.records().entrySet()) {
                    producer.send(new ProducerRecord<>(config.topic(), snapshot.partition(), record.getKey(),
                            record.getValue()));
                }
                producer.send(new ProducerRecord<>(config.topic(), snapshot.partition(), Checkpoint.KEY,
                        new Checkpoint(snapshot.nextOffset(), snapshot.watermark()).encode()));
                producer.commitTransaction();
            } catch (ProducerFencedException e) {
                LOG.errorf("Checkpoint writer %s fenced: another detector now holds partition %d; this one writes "
                        + "it no more", transactionalId(snapshot.partition()), snapshot.partition());
                producers.remove(snapshot.partition()).close(Duration.ZERO);
                first = first == null ? e : first;
            } catch (KafkaException e) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    e.addSuppressed(abortFailed);
                }
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @PreDestroy
    synchronized void close() {
        producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
        producers.clear();
    }
}
