package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.metrics.DetectorMetrics;
import dev.frauddetection.detector.state.DetectorState;
import dev.frauddetection.detector.state.PartitionRestore;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives the detector its state when it is assigned partitions of the transactions topic, and takes it away when they
 * are revoked. An assigned partition's state is read back from its latest checkpoint and the consumer is moved to
 * the checkpoint's offset, so the events since then are replayed into it: no window is emptied by a restart or a
 * rebalance. A partition never checkpointed starts empty at the consumer's position. A checkpoint this detector
 * cannot read (another layout version) is discarded loudly and the partition starts empty.
 */
@ApplicationScoped
@Identifier(StateRestorer.NAME)
public class StateRestorer implements KafkaConsumerRebalanceListener {

    /** Named by mp.messaging.incoming.transaction-changes.consumer-rebalance-listener.name. */
    public static final String NAME = "fraud-detector-state";
    private static final Logger LOG = Logger.getLogger(StateRestorer.class);

    private final LiveState live;
    private final StateTopic topic;
    private final StateCheckpointer checkpointer;
    private final DetectorMetrics metrics;

    public StateRestorer(LiveState live, StateTopic topic, StateCheckpointer checkpointer, DetectorMetrics metrics) {
        this.live = live;
        this.topic = topic;
        this.checkpointer = checkpointer;
        this.metrics = metrics;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        TopicPartition any = partitions.iterator().next();
        topic.claim(partitions.stream().map(TopicPartition::partition).toList(), consumer.partitionsFor(any.topic()).size());
        long started = System.nanoTime();
        Map<Integer, PartitionRestore> restores = new HashMap<>();
        partitions.forEach(tp -> restores.put(tp.partition(), new PartitionRestore(tp.partition())));
        Map<Integer, byte[]> checkpoints;
        try {
            checkpoints = topic.read(restores);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the state checkpoints of " + partitions + " failed", e);
        }
        for (TopicPartition tp : partitions) {
            restore(consumer, tp, restores.get(tp.partition()), checkpoints.get(tp.partition()));
        }
        metrics.stateRestored(restores.values().stream().mapToInt(PartitionRestore::histories).sum(),
                System.nanoTime() - started);
    }

    private void restore(Consumer<?, ?> consumer, TopicPartition tp, PartitionRestore restore, byte[] record) {
        int partition = tp.partition();
        DetectorState state = live.state();
        if (record != null) {
            try {
                Checkpoint checkpoint = Checkpoint.decode(record);
                synchronized (state.lock()) {
                    state.restore(restore, checkpoint.nextOffset(), checkpoint.watermark());
                }
                consumer.seek(tp, checkpoint.nextOffset());
                checkpointer.assigned(partition, checkpoint.nextOffset());
                LOG.infof("Restored %s: %d histories from its checkpoint, replaying from offset %d",
                        tp, restore.histories(), checkpoint.nextOffset());
                return;
            } catch (IOException e) {
                metrics.checkpointDiscarded();
                LOG.errorf("The state checkpoint of %s cannot be read (%s); it is discarded and the partition starts "
                        + "with empty windows", tp, e.getMessage());
            }
        }
        long position = consumer.position(tp);
        synchronized (state.lock()) {
            state.adopt(partition, position, restore.keys());
        }
        checkpointer.assigned(partition, -1);
        LOG.infof("No usable state checkpoint for %s: starting with empty windows at offset %d", tp, position);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        checkpointer.release(partitions.stream().map(TopicPartition::partition).toList());
    }
}
