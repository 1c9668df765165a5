package dev.frauddetection.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches the dashboard's Server-Sent Events stream, as an analyst's browser does, and hands every alert's transaction
 * id to the ledger when its {@code data:} line arrives. Sends basic-auth credentials when given (the dashboard may
 * require a login).
 */
final class AlertStreamListener implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PaymentLedger ledger;
    private Thread thread;
    private Stream<String> lines;

    AlertStreamListener(PaymentLedger ledger) {
        this.ledger = ledger;
    }

    void start(String url, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (user != null && !user.isEmpty()) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        HttpResponse<Stream<String>> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The dashboard's alert stream " + url + " answered " + response.statusCode()
                    + (response.statusCode() == 401 ? ": pass --dashboard-user and --dashboard-password" : ""));
        }
        lines = response.body();
        thread = new Thread(() -> {
            try {
                // Alerts are unnamed events; named ones (the dashboard's aggregate snapshots) are skipped.
                boolean[] named = {false};
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        named[0] = false;
                    } else if (line.startsWith("event:")) {
                        named[0] = true;
                    } else if (line.startsWith("data:") && !named[0]) {
                        String id = Json.stringField(line.substring(5).trim(), "transaction_id");
                        if (id != null) {
                            ledger.alert(id, System.nanoTime());
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the stream ends when the benchmark closes it or the dashboard stops
            }
        }, "alert-stream-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        if (lines != null) {
            lines.close();
        }
    }
}
