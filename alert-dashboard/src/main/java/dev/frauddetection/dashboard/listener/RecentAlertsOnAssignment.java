package dev.frauddetection.dashboard.listener;

import dev.frauddetection.dashboard.service.AlertFeed;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;

/**
 * The dashboard is a view, not a processor: whenever it is given fraud-alerts partitions it rewinds each to just
 * before its last {@link AlertFeed#capacity()} alerts, so a restart shows recent history at once without reading the
 * whole retention period.
 */
@ApplicationScoped
@Identifier("recent-alerts")
public class RecentAlertsOnAssignment implements KafkaConsumerRebalanceListener {

    private final AlertFeed feed;

    public RecentAlertsOnAssignment(AlertFeed feed) {
        this.feed = feed;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - feed.capacity()));
        }
    }
}
