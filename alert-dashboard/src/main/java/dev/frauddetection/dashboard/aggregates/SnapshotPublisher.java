package dev.frauddetection.dashboard.aggregates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.health.PipelineHealth;
import dev.frauddetection.dashboard.sse.SseBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/**
 * Once per snapshot interval: one snapshot of every live figure, serialised once and offered to every SSE client.
 * The cost per second is fixed, whatever the transaction rate or the number of clients' pending events.
 */
@ApplicationScoped
public class SnapshotPublisher {

    private final LiveAggregates aggregates;
    private final PipelineHealth pipeline;
    private final DetectionQuality quality;
    private final SseBroker broker;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private volatile Snapshot last;

    public SnapshotPublisher(LiveAggregates aggregates, PipelineHealth pipeline, DetectionQuality quality,
                             SseBroker broker, ObjectMapper json, MeterRegistry registry) {
        this.aggregates = aggregates;
        this.pipeline = pipeline;
        this.quality = quality;
        this.broker = broker;
        this.json = json;
        this.registry = registry;
    }

    @Scheduled(every = "${fraud.dashboard.aggregates.snapshot-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        broker.publishSnapshot(toJson(current()));
    }

    public Snapshot current() {
        long dropped = (long) Search.in(registry).name("fraud.dashboard.sse.events.dropped").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        Snapshot snapshot = aggregates.snapshot(pipeline.last(), quality.last(),
                new Snapshot.Streams(broker.clients(), dropped));
        last = snapshot;
        return snapshot;
    }

    /** The most recent snapshot, for the page's first render. */
    public Snapshot last() {
        return last == null ? current() : last;
    }

    private String toJson(Snapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("A snapshot must always serialise", e);
        }
    }
}
