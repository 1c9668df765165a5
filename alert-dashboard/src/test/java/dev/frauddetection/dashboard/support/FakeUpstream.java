package dev.frauddetection.dashboard.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for ingest-service's {@code PUT /api/transactions/{id}/status} (answers as ingest does: 200, 404 for an
 * unknown payment, 409 for a reversed one) and for Kafka Connect's {@code GET /connectors?expand=status}.
 */
public final class FakeUpstream {

    /** A status change the dashboard asked ingest-service for. */
    public record StatusRequest(String transactionId, String body, String authorization) {
    }

    private final HttpServer server;
    public final List<StatusRequest> statusRequests = new CopyOnWriteArrayList<>();
    /** Answers for particular transactions (default 200). */
    public final Map<String, Integer> statusAnswers = new ConcurrentHashMap<>();

    private FakeUpstream(HttpServer server) {
        this.server = server;
    }

    static FakeUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeUpstream fake = new FakeUpstream(server);
        server.createContext("/api/transactions/", fake::status);
        server.createContext("/connectors", fake::connectors);
        server.start();
        return fake;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void status(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String id = parts[3];
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        statusRequests.add(new StatusRequest(id, body, exchange.getRequestHeaders().getFirst("Authorization")));
        int status = statusAnswers.getOrDefault(id, 200);
        String answer = status == 200 ? "{\"id\":\"" + id + "\",\"status\":\"CHARGEBACK\"}"
                : "{\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":\"refused by the fake\"}";
        respond(exchange, status, status == 200 ? "application/json" : "application/problem+json", answer);
    }

    private void connectors(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "application/json", """
                {"transactions-cdc":{"status":{"name":"transactions-cdc","connector":{"state":"RUNNING"},
                  "tasks":[{"id":0,"state":"RUNNING"}]}},
                 "alerts-outbox":{"status":{"name":"alerts-outbox","connector":{"state":"RUNNING"},
                  "tasks":[{"id":0,"state":"FAILED"}]}}}
                """);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    void stop() {
        server.stop(0);
    }
}
