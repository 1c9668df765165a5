package dev.frauddetection.dashboard.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.config.DashboardConfig;
import dev.frauddetection.dashboard.model.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest alerts, newest first, without duplicates, each with a monotonic event id; and the live stream of new
 * ones. The ids start from the start-up time in microseconds, so they keep rising across restarts: a client that
 * reconnects with a Last-Event-ID from before a restart gets the whole rebuilt history (and drops by transaction id
 * what it already shows), one that reconnects to the same instance gets exactly what it missed.
 */
@ApplicationScoped
public class AlertFeed {

    /** An alert, the event id it is streamed with, and its JSON (written once, whatever the number of clients). */
    public record Sequenced(long id, Alert alert, String json) {
    }

    private final int capacity;
    private final ArrayDeque<Sequenced> recent;
    private final Set<String> transactions = new HashSet<>();
    private final List<Consumer<Sequenced>> subscribers = new CopyOnWriteArrayList<>();
    private long nextId = System.currentTimeMillis() * 1000;
    private final Counter received;
    private final Counter duplicates;

    private final ObjectMapper mapper;

    @Inject
    public AlertFeed(MeterRegistry registry, DashboardConfig config, ObjectMapper mapper) {
        this(registry, config.sse().replay(), mapper);
    }

    public AlertFeed(MeterRegistry registry, int capacity, ObjectMapper mapper) {
        this.capacity = capacity;
        this.mapper = mapper;
        this.recent = new ArrayDeque<>(capacity);
        received = Counter.builder("fraud.dashboard.alerts.received").description("Distinct alerts received").register(registry);
        duplicates = Counter.builder("fraud.dashboard.alerts.duplicates").description("Redelivered alerts ignored").register(registry);
    }

    private String toJson(Alert alert) {
        try {
            return mapper.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("An alert must always serialise", e);
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Adds an alert; a transaction already alerted on is ignored, so a redelivery never shows twice. */
    public void add(Alert alert) {
        Sequenced entry;
        synchronized (this) {
            if (transactions.contains(alert.transactionId())) {
                duplicates.increment();
                return;
            }
            entry = new Sequenced(nextId++, alert, toJson(alert));
            recent.addLast(entry);
            transactions.add(alert.transactionId());
            if (recent.size() > capacity) {
                transactions.remove(recent.removeFirst().alert().transactionId());
            }
            // Under the lock, so a subscriber registering with a replay sees every alert exactly once.
            subscribers.forEach(subscriber -> subscriber.accept(entry));
        }
        received.increment();
    }

    public List<Alert> latest(int limit) {
        return latestSequenced(limit).stream().map(Sequenced::alert).toList();
    }

    public synchronized List<Sequenced> latestSequenced(int limit) {
        List<Sequenced> newestFirst = new ArrayList<>(Math.min(limit, recent.size()));
        var it = recent.descendingIterator();
        while (it.hasNext() && newestFirst.size() < limit) {
            newestFirst.add(it.next());
        }
        return newestFirst;
    }

    /**
     * Registers a live subscriber and hands it, first, the kept alerts after {@code lastSeenId} in order (none when
     * null: a new client wants what happens from now on); atomically, so nothing is missed or repeated between the
     * replay and the live alerts.
     * Subscribers are called under the feed's lock and must only enqueue.
     */
    public synchronized Runnable subscribe(Long lastSeenId, Consumer<Sequenced> subscriber) {
        for (Sequenced entry : recent) {
            if (lastSeenId != null && entry.id() > lastSeenId) {
                subscriber.accept(entry);
            }
        }
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
