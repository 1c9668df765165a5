package dev.frauddetection.dashboard.sse;

import dev.frauddetection.dashboard.config.DashboardConfig;
import dev.frauddetection.dashboard.service.AlertFeed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live stream at {@code GET /api/alerts/stream}: unnamed events carry one alert each (with its id, for
 * Last-Event-ID), {@code snapshot} events carry the aggregates, comment lines are heartbeats.
 *
 * <p>Written on a plain Vert.x route rather than a JAX-RS {@code Multi}: resuming needs the request's Last-Event-ID
 * header before the first event, heartbeats are comment lines (which a Multi of events cannot express), and a slow
 * client is detected by Vert.x's write queue, which only the raw response exposes.
 */
@ApplicationScoped
public class SseBroker {

    public static final String PATH = "/api/alerts/stream";

    private final AlertFeed feed;
    private final DashboardConfig config;
    private final Vertx vertx;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    /** Open streams per user name, for the per-user cap and for ending a user's streams at logout. */
    private final Map<String, Set<Runnable>> byUser = new ConcurrentHashMap<>();
    private final Counter refused;
    private final AtomicInteger connected = new AtomicInteger();
    private final Map<String, Counter> pushed;
    private final Counter overflow;
    private final Counter superseded;
    private final SseClient.Drops metrics;
    private long heartbeatTimer = -1;

    public SseBroker(AlertFeed feed, DashboardConfig config, Vertx vertx, MeterRegistry registry) {
        this.feed = feed;
        this.config = config;
        this.vertx = vertx;
        registry.gauge("fraud.dashboard.sse.clients", connected);
        pushed = Map.of(
                "alert", pushedCounter(registry, "alert"),
                "snapshot", pushedCounter(registry, "snapshot"));
        overflow = droppedCounter(registry, "overflow", "Alerts dropped from a slow client's full buffer");
        superseded = droppedCounter(registry, "superseded",
                "Snapshots replaced by a newer one before a slow client took them");
        refused = Counter.builder("fraud.dashboard.sse.refused")
                .description("Streams refused because the total or the user's cap of open streams was reached")
                .register(registry);
        metrics = new SseClient.Drops() {
            @Override
            public void overflow() {
                overflow.increment();
            }

            @Override
            public void superseded() {
                superseded.increment();
            }

            @Override
            public void pushed(String event) {
                pushed.get(event).increment();
            }
        };
    }

    private static Counter pushedCounter(MeterRegistry registry, String event) {
        return Counter.builder("fraud.dashboard.sse.events.pushed").tag("event", event)
                .description("Events written to SSE clients").register(registry);
    }

    private static Counter droppedCounter(MeterRegistry registry, String reason, String description) {
        return Counter.builder("fraud.dashboard.sse.events.dropped").tag("reason", reason)
                .description(description).register(registry);
    }

    void routes(@Observes Router router) {
        router.get(PATH).order(-1).handler(this::connect);
    }

    void start(@Observes StartupEvent ignored) {
        heartbeatTimer = vertx.setPeriodic(config.sse().heartbeat().toMillis(),
                id -> clients.forEach(SseClient::offerHeartbeat));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
    }

    /** Sends a snapshot to every client; one that has not taken the previous one yet gets only this one. */
    public void publishSnapshot(String json) {
        String event = "event: snapshot\ndata: " + json + "\n\n";
        clients.forEach(client -> client.offerSnapshot(event));
    }

    public int clients() {
        return connected.get();
    }

    private void connect(RoutingContext rc) {
        Long lastSeen;
        try {
            lastSeen = lastEventId(rc);
        } catch (NumberFormatException e) {
            rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .end("{\"type\":\"about:blank\",\"title\":\"Invalid request\",\"status\":400,\"detail\":"
                            + "\"Last-Event-ID must be an event id from this stream\",\"invalid_params\":"
                            + "[{\"name\":\"Last-Event-ID\",\"reason\":\"must be a whole number\"}]}");
            return;
        }
        String user = user(rc);
        Set<Runnable> mine = byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet());
        if (connected.get() >= config.sse().maxClients() || mine.size() >= config.sse().maxClientsPerUser()) {
            refused.increment();
            boolean total = connected.get() >= config.sse().maxClients();
            rc.response().setStatusCode(503).putHeader("Retry-After", "10")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .end("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
                            + (total ? "the dashboard serves " + config.sse().maxClients() + " live streams at most"
                            : "at most " + config.sse().maxClientsPerUser() + " live streams per user; close one")
                            + "\"}");
            return;
        }
        HttpServerResponse response = rc.response();
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx and similar proxies buffer responses unless told not to, which would hold events back.
                .putHeader("X-Accel-Buffering", "no");
        // A retry hint and an immediate first line: the client sees the stream open before the first alert.
        response.write("retry: 2000\n: connected\n\n");
        SseClient client = new SseClient(response, vertx.getOrCreateContext(), config.sse().clientBuffer(), metrics);
        Runnable unsubscribe = feed.subscribe(lastSeen,
                entry -> client.offerAlert("id: " + entry.id() + "\ndata: " + entry.json() + "\n\n"));
        clients.add(client);
        connected.incrementAndGet();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        Runnable[] end = new Runnable[1];
        Runnable disconnect = () -> {
            unsubscribe.run();
            client.close();
            if (clients.remove(client)) {
                connected.decrementAndGet();
            }
            mine.remove(end[0]);
        };
        // Ending from the server (logout): finish the response on its own event loop, then forget the client.
        end[0] = () -> context.runOnContext(ignored -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
            disconnect.run();
        });
        mine.add(end[0]);
        response.closeHandler(ignored -> disconnect.run());
        if (response.closed()) {
            disconnect.run();
        }
    }

    /** Ends every open stream of this user (at logout); the user's other sessions reconnect by themselves. */
    public void closeStreamsOf(String user) {
        Set<Runnable> streams = byUser.get(user);
        if (streams != null) {
            List.copyOf(streams).forEach(Runnable::run);
        }
    }

    private static String user(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser user && user.getSecurityIdentity() != null
                ? user.getSecurityIdentity().getPrincipal().getName() : "anonymous";
    }

    /**
     * The browser sends Last-Event-ID itself when it reconnects; the page's first connection passes the last id it
     * rendered as {@code ?lastEventId=}, so alerts arriving between rendering and connecting are not lost.
     */
    private static Long lastEventId(RoutingContext rc) {
        String header = rc.request().getHeader("Last-Event-ID");
        String value = header != null && !header.isBlank() ? header : rc.request().getParam("lastEventId");
        return value == null || value.isBlank() ? null : Long.parseLong(value.trim());
    }
}
