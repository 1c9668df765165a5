package dev.frauddetection.dashboard.sse;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;

/**
 * One connected SSE client with its own bounded buffer. Producers (the Kafka consumer, the snapshot timer) only
 * enqueue and never wait; writing happens on the connection's event loop and only while the connection can take more
 * (Vert.x's write queue not full). So a client that stops reading first fills its own buffer, then loses its oldest
 * alerts and has its snapshots merged into the newest, each counted, and nobody else notices.
 */
final class SseClient {

    interface Drops {
        void overflow();

        void superseded();

        void pushed(String event);
    }

    private final HttpServerResponse response;
    private final Context context;
    private final int capacity;
    private final Drops drops;
    private final ArrayDeque<String> alerts;
    private String snapshot;
    private boolean heartbeatDue;
    private boolean scheduled;
    private boolean closed;

    SseClient(HttpServerResponse response, Context context, int capacity, Drops drops) {
        this.response = response;
        this.context = context;
        this.capacity = capacity;
        this.drops = drops;
        this.alerts = new ArrayDeque<>(Math.min(capacity, 64));
    }

    void offerAlert(String event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (alerts.size() == capacity) {
                alerts.removeFirst();
                drops.overflow();
            }
            alerts.addLast(event);
        }
        schedule();
    }

    void offerSnapshot(String event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (snapshot != null) {
                drops.superseded();
            }
            snapshot = event;
        }
        schedule();
    }

    void offerHeartbeat() {
        synchronized (this) {
            if (closed) {
                return;
            }
            heartbeatDue = true;
        }
        schedule();
    }

    void close() {
        synchronized (this) {
            closed = true;
            alerts.clear();
            snapshot = null;
        }
    }

    private void schedule() {
        synchronized (this) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        context.runOnContext(ignored -> drain());
    }

    /** On the event loop: writes while the connection takes more, then waits for its drain handler. */
    private void drain() {
        while (true) {
            if (response.closed() || response.ended()) {
                close();
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(ignored -> drain());
                return;
            }
            String next;
            String kind;
            synchronized (this) {
                if (!alerts.isEmpty()) {
                    next = alerts.removeFirst();
                    kind = "alert";
                } else if (snapshot != null) {
                    next = snapshot;
                    snapshot = null;
                    kind = "snapshot";
                } else if (heartbeatDue) {
                    heartbeatDue = false;
                    next = ": heartbeat\n\n";
                    kind = null;
                } else {
                    scheduled = false;
                    return;
                }
            }
            response.write(next);
            if (kind != null) {
                drops.pushed(kind);
            }
        }
    }
}
