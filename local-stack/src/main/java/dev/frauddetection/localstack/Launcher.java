package dev.frauddetection.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system on one machine: the local stack in this JVM and the three services as child JVMs, plus
 * ingest-service's transaction generator. Ctrl-C (or SIGTERM) stops the services first, then Kafka Connect, Kafka
 * and PostgreSQL, and leaves no process behind. If any service dies, everything is stopped rather than left half up.
 *
 * <p>Arguments: {@code --fresh} wipes the data directory first. Environment: see {@link StackSettings} and
 * FRAUD_DASHBOARD_PORT, FRAUD_INGEST_PORT, FRAUD_DETECTOR_PORT, FRAUD_SIMULATOR_RATE (transactions per second
 * across all simulated banks; unset for the banks' own rates, 0 to turn the simulator off).
 */
public final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** Long enough for any local session; the next start replaces them anyway. */
    private static final Duration TOKEN_LIFETIME = Duration.ofDays(30);

    private final StackSettings settings;
    private final Map<String, String> env;
    private final LocalStack stack;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Launcher(StackSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = env;
        this.stack = new LocalStack(settings);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        StackSettings settings = StackSettings.fromEnvironment(env);
        LeftoverServices.stop(settings.dataDir());
        if (List.of(args).contains("--fresh")) {
            LocalStack.wipeData(settings);
        }
        Launcher launcher = new Launcher(settings, env);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "launcher-shutdown"));
        try {
            launcher.run();
        } catch (Exception e) {
            LOG.error("Start-up failed: {}", e.getMessage(), e);
            System.exit(1);
        }
        launcher.stopped.await();
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        stack.start();
        long stackReady = System.nanoTime();

        int dashboardPort = StackSettings.port(env, "FRAUD_DASHBOARD_PORT", 8080);
        int ingestPort = StackSettings.port(env, "FRAUD_INGEST_PORT", 8081);
        int detectorPort = StackSettings.port(env, "FRAUD_DETECTOR_PORT", 8082);
        String kafka = settings.kafkaBootstrap();
        var logs = settings.dataDir().resolve("logs");

        // Every API caller presents a signed token: a new key pair and tokens at every start (no private key kept).
        Path tokens = settings.dataDir().resolve("tokens");
        String publicKey = ServiceTokens.issue(tokens, TOKEN_LIFETIME).toString();
        Map<String, String> ingest = new java.util.HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", settings.reactiveUrl(),
                "quarkus.datasource.jdbc.url", settings.jdbcUrl(),
                "mp.jwt.verify.publickey.location", publicKey,
                "fraud.simulator.enabled", "true"));
        ingest.putAll(ServiceRoles.connection("ingest-service", settings));
        ingest.putAll(simulatorSettings(env.get("FRAUD_SIMULATOR_RATE")));
        start("ingest-service", ingestPort, ingest, logs);
        Map<String, String> detector = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka,
                "quarkus.datasource.jdbc.url", settings.jdbcUrl(),
                "mp.jwt.verify.publickey.location", publicKey));
        detector.putAll(ServiceRoles.connection("detector-service", settings));
        start("detector-service", detectorPort, detector, logs);
        Map<String, String> dashboard = new java.util.HashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka,
                "quarkus.datasource.reactive.url", settings.reactiveUrl(),
                "quarkus.datasource.jdbc.url", settings.jdbcUrl(),
                "quarkus.rest-client.ingest.url", "http://127.0.0.1:" + ingestPort,
                "fraud.dashboard.pipeline.connect-url", settings.connectUrl(),
                "fraud.dashboard.security.users-file", DashboardUsers.ensure(settings.dataDir()).toString(),
                "fraud.dashboard.ingest-token-file", tokens.resolve("alert-dashboard.jwt").toString()));
        dashboard.putAll(ServiceRoles.connection("alert-dashboard", settings));
        start("alert-dashboard", dashboardPort, dashboard, logs);

        StringBuilder timings = new StringBuilder();
        for (ServiceProcess service : services) {
            service.awaitReady(READY_TIMEOUT);
            timings.append(String.format("  %-17s ready %5d ms after the stack%n", service.name(),
                    Duration.ofNanos(System.nanoTime() - stackReady).toMillis()));
            watch(service);
        }
        stack.awaitConnectorsRunning(READY_TIMEOUT);
        System.out.printf("""

                Fraud detection is running (stack up in %d ms, everything in %d ms):
                %s
                  Dashboard       http://localhost:%d   (log in as analyst / analyst-local, or viewer / viewer-local)
                  Ingest API      http://localhost:%d/api/transactions
                  Detector        http://localhost:%d/api/rules
                  API tokens      %s   (curl -H "Authorization: Bearer $(cat <file>)")
                  Kafka           %s
                  Kafka Connect   %s/connectors
                  PostgreSQL      psql -h 127.0.0.1 -p %d -U %s %s   (password: %s)
                  Service logs    %s
                Press Ctrl-C to stop everything.
                """,
                Duration.ofNanos(stackReady - t0).toMillis(), Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                timings, dashboardPort, ingestPort, detectorPort, tokens, kafka, settings.connectUrl(),
                settings.postgresPort(), settings.dbUser(), settings.dbName(), settings.dbPassword(), logs);
    }

    /** Streaming on at the banks' configured rates, or at the given total rate; "0" turns it off. */
    static Map<String, String> simulatorSettings(String rate) {
        if (rate == null || rate.isBlank()) {
            return Map.of("fraud.simulator.streaming", "true");
        }
        double total;
        try {
            total = Double.parseDouble(rate.trim());
        } catch (NumberFormatException e) {
            total = -1;
        }
        if (total < 0 || Double.isNaN(total) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("FRAUD_SIMULATOR_RATE must be a number of transactions per second "
                    + "(0 turns the simulator off), got '" + rate + "'");
        }
        return total == 0 ? Map.of("fraud.simulator.streaming", "false")
                : Map.of("fraud.simulator.streaming", "true", "fraud.simulator.total-rate", rate.trim());
    }

    private void start(String name, int port, Map<String, String> config, java.nio.file.Path logs) throws Exception {
        services.add(ServiceProcess.start(name, settings, port, jvmOptions(name), config, logs));
    }

    /**
     * The detector keeps every account's history in memory: at the simulator's 80 payments/s over 500,000 accounts
     * StateSoakTest measured 3,434 bytes each after three days of event time (1.7 GB; more as the countries and
     * merchants each account used fill up, up to the 4,680 bytes the budget counts), so its old generation gets room
     * for that; the other services need little. The young generation is fixed for the two services that stream every payment: left to itself on
     * two busy cores, G1 missed its pause goal, shrank the detector's eden to about 65 MB and collected every half
     * second, so every change event still in flight was copied and promoted (24 MB/s into the old generation, then
     * concurrent cycles and mixed collections); 10-13 % of the detector's time was pause and p99 commit to alert was
     * 0.8-3.4 s at 2,000/s in bin/bench. With 512 MB a young collection comes every six seconds and copies only what
     * is truly in flight. The dashboard's pauses went from about 3 s per minute to about 2 s with 256 MB; they are
     * now its longest, mostly time spent waiting for a core (GC log: 0.04 s of CPU in a 0.26 s pause).
     */
    public static List<String> jvmOptions(String service) {
        return switch (service) {
            // 4 GB: the detector derives its account budget from its heap (StateBudget), and at the simulator's
            // 80 payments/s over 500,000 accounts that budget must hold them all (529,696 beside 20,000 merchants; 2 GB held about 260,000).
            case "detector-service" -> List.of("-Xmx4g", "-Xmn512m");
            case "alert-dashboard" -> List.of("-Xmx512m", "-Xmn256m");
            default -> List.of("-Xmx384m");
        };
    }

    /** A service that dies on its own takes the whole system down, loudly, instead of leaving it half working. */
    private void watch(ServiceProcess service) {
        service.process().onExit().thenAccept(p -> {
            if (stopped.getCount() > 0) {
                LOG.error("{} exited with code {}; stopping everything. See {}", service.name(), p.exitValue(), service.log());
                System.exit(2);
            }
        });
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopped.countDown();
        System.out.println("Stopping services, Kafka Connect, Kafka and PostgreSQL...");
        for (ServiceProcess service : services.reversed()) {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stack.close();
        System.out.println("Stopped.");
    }
}
