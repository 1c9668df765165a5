package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.state.PartitionSnapshot;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fencing of stale checkpoint writers (issue 22): each source partition is written by a transactional producer of
 * its own, id {@code <prefix>-p<partition>}, so the instance that is assigned a partition fences whoever wrote it
 * before, whatever either pod is called. Kafka's own MockProducer stands in for the broker's fencing.
 */
class StateTopicTest {

    private static final Node BROKER = new Node(0, "127.0.0.1", 9092);
    private final Map<String, MockProducer<String, byte[]>> writers = new HashMap<>();
    /** A new writer each time, as KafkaProducer would be; the map keeps the latest per transactional id. */
    private final StateTopic topic = new StateTopic(state(), id -> {
        MockProducer<String, byte[]> writer = mock();
        writers.put(id, writer);
        return writer;
    });

    @Test
    void eachPartitionHasAWriterOfItsOwnNamedForThePartitionNotThePod() {
        topic.claim(List.of(0, 3), 6);
        assertThat(writers).containsOnlyKeys("fraud-detector-state-p0", "fraud-detector-state-p3");
        assertThat(writers.values()).allSatisfy(w -> assertThat(w.transactionInitialized()).isTrue());

        topic.write(List.of(snapshot(0, 42), snapshot(3, 7)));
        assertThat(writers.get("fraud-detector-state-p0").history()).extracting(r -> r.partition()).containsOnly(0);
        assertThat(writers.get("fraud-detector-state-p0").transactionCommitted()).isTrue();
        assertThat(writers.get("fraud-detector-state-p3").history()).hasSize(2);
    }

    @Test
    void aWriterFencedByTheNewHolderOfItsPartitionWritesItNoMoreWhileTheOthersGoOn() {
        topic.claim(List.of(0, 1), 6);
        writers.get("fraud-detector-state-p1").fenceProducer();

        assertThatThrownBy(() -> topic.write(List.of(snapshot(0, 10), snapshot(1, 10))))
                .isInstanceOf(ProducerFencedException.class);
        assertThat(writers.get("fraud-detector-state-p0").history()).hasSize(2);
        assertThat(writers.get("fraud-detector-state-p1").history()).isEmpty();
        assertThat(writers.get("fraud-detector-state-p1").closed()).isTrue();

        // Later checkpoints of the lost partition fail loudly instead of reopening a writer behind the new holder's back.
        assertThatThrownBy(() -> topic.write(List.of(snapshot(1, 11)))).hasMessageContaining("partition 1");
    }

    @Test
    void handingAPartitionOverClosesItsWriterAndATopicWithTooFewPartitionsIsRefused() {
        topic.claim(List.of(2), 6);
        MockProducer<String, byte[]> first = writers.get("fraud-detector-state-p2");
        topic.unclaim(List.of(2));
        assertThat(first.closed()).isTrue();
        assertThatThrownBy(() -> topic.claim(List.of(2), 12)).hasMessageContaining("needs at least 12");
    }

    private static PartitionSnapshot snapshot(int partition, long nextOffset) {
        return new PartitionSnapshot(partition, nextOffset, 0, Map.of("acc-" + partition, new byte[]{1, 2, 3}));
    }

    private static MockProducer<String, byte[]> mock() {
        List<PartitionInfo> partitions = IntStream.range(0, 6)
                .mapToObj(p -> new PartitionInfo("fraud-detector-state", p, BROKER, new Node[]{BROKER}, new Node[]{BROKER}))
                .toList();
        Cluster cluster = new Cluster("test", List.of(BROKER), partitions, Set.of(), Set.of());
        return new MockProducer<>(cluster, true, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static DetectorConfig.State state() {
        return new DetectorConfig.State() {
            @Override
            public String topic() {
                return "fraud-detector-state";
            }

            @Override
            public Duration checkpointInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public String transactionalIdPrefix() {
                return "fraud-detector-state";
            }

            @Override
            public java.util.OptionalInt maxAccounts() {
                return java.util.OptionalInt.of(600_000);
            }

            @Override
            public java.util.OptionalInt maxMerchants() {
                return java.util.OptionalInt.of(20_000);
            }

            @Override
            public Duration reportInterval() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration restoreTimeout() {
                return Duration.ofMinutes(2);
            }
        };
    }
}
