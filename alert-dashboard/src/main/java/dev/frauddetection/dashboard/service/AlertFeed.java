package dev.frauddetection.dashboard.service;

import dev.frauddetection.dashboard.model.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The latest alerts, newest first, without duplicates, and a live stream of new ones. A client that cannot keep up
 * loses alerts from its own stream (counted) instead of slowing the Kafka consumer or the other clients.
 */
@ApplicationScoped
public class AlertFeed {

    /** How many recent alerts are kept in memory and rebuilt from fraud-alerts at start-up. */
    public static final int CAPACITY = 500;

    private final Map<String, Alert> recent = new LinkedHashMap<>(CAPACITY * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Alert> eldest) {
            return size() > CAPACITY;
        }
    };
    private final BroadcastProcessor<Alert> live = BroadcastProcessor.create();
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter pushed;
    private final Counter dropped;
    private final Counter duplicates;

    public AlertFeed(MeterRegistry registry) {
        registry.gauge("fraud.dashboard.sse.clients", clients);
        pushed = Counter.builder("fraud.dashboard.alerts.received").description("Distinct alerts received").register(registry);
        dropped = Counter.builder("fraud.dashboard.sse.dropped").description("Alerts not sent to a slow SSE client").register(registry);
        duplicates = Counter.builder("fraud.dashboard.alerts.duplicates").description("Redelivered alerts ignored").register(registry);
    }

    /** Adds an alert; a transaction already alerted on is ignored, so a redelivery never shows twice. */
    public void add(Alert alert) {
        synchronized (recent) {
            if (recent.containsKey(alert.transactionId())) {
                duplicates.increment();
                return;
            }
            recent.put(alert.transactionId(), alert);
        }
        pushed.increment();
        live.onNext(alert);
    }

    public List<Alert> latest(int limit) {
        synchronized (recent) {
            List<Alert> all = new ArrayList<>(recent.values());
            List<Alert> newestFirst = all.reversed();
            return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        }
    }

    public Multi<Alert> live() {
        return live
                .onSubscription().invoke(clients::incrementAndGet)
                .onTermination().invoke(clients::decrementAndGet)
                .onOverflow().invoke(alert -> dropped.increment()).drop();
    }
}
