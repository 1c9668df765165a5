package dev.frauddetection.systemtests;

import dev.frauddetection.localstack.DashboardUsers;
import dev.frauddetection.localstack.Launcher;
import dev.frauddetection.localstack.LocalStack;
import dev.frauddetection.localstack.LoopbackPorts;
import dev.frauddetection.localstack.PostmasterGuard;
import dev.frauddetection.localstack.ServiceProcess;
import dev.frauddetection.localstack.ServiceRoles;
import dev.frauddetection.localstack.ServiceTokens;
import dev.frauddetection.localstack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole system with every part in its own process, so that a test can kill one part (SIGKILL, as a crash or an
 * OOM killer would) and start it again on the same ports and data: PostgreSQL, Kafka and Kafka Connect each in a
 * {@code LocalStack --only=...} JVM (PostgreSQL's postmaster is its own process below that), and the three services
 * as child JVMs configured as the launcher configures them. Where Strimzi would restart a failed connector task
 * ({@code autoRestart} in strimzi/connectors), {@link #restartFailedConnectors()} does the same through Connect's REST API.
 */
final class SeparateServers implements AutoCloseable {

    enum Part { POSTGRES, KAFKA, CONNECT, INGEST, DETECTOR, DASHBOARD }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY = Duration.ofSeconds(120);

    private final StackSettings settings;
    private final Map<String, Integer> servicePorts = new HashMap<>();
    private final Path logs;
    private final Map<Part, Process> servers = new EnumMap<>(Part.class);
    private final Map<Part, ServiceProcess> services = new EnumMap<>(Part.class);
    private final List<String> restartedConnectors = new ArrayList<>();

    private SeparateServers(StackSettings settings, Path logs) {
        this.settings = settings;
        this.logs = logs;
    }

    static SeparateServers onFreePorts(Path dataDir) throws IOException {
        List<Integer> ports = LoopbackPorts.take(7);
        Path home = Path.of(System.getProperty("fraud.home"));
        StackSettings settings = new StackSettings(home, dataDir.toAbsolutePath(), ports.get(0), ports.get(1),
                ports.get(2), ports.get(3), "payments", "payments", "payments-local");
        SeparateServers system = new SeparateServers(settings, dataDir.toAbsolutePath().resolveSibling(
                dataDir.getFileName() + "-logs"));
        system.servicePorts.put("ingest-service", ports.get(4));
        system.servicePorts.put("detector-service", ports.get(5));
        system.servicePorts.put("alert-dashboard", ports.get(6));
        return system;
    }

    /** Wipes the data, starts every part and waits until the services are ready and the connectors run. */
    void startAll() throws Exception {
        startOnly(EnumSet.allOf(Part.class));
        awaitConnectorsRunning(List.of("transactions-cdc", "alerts-outbox"), READY);
    }

    /**
     * Wipes the data and starts only the given parts, in the usual order (no connectors are waited for): a benchmark
     * of one service runs it with only what it needs, so the others do not take its CPU.
     */
    void startOnly(Set<Part> parts) throws Exception {
        LocalStack.wipeData(settings);
        Files.createDirectories(logs);
        for (Part part : Part.values()) {
            if (parts.contains(part)) {
                start(part);
            }
        }
    }

    void start(Part part) throws Exception {
        switch (part) {
            case POSTGRES, KAFKA, CONNECT -> startServer(part);
            case INGEST -> startService(part, "ingest-service", withRole("ingest-service", Map.of(
                    "quarkus.datasource.reactive.url", settings.reactiveUrl(),
                    "quarkus.datasource.jdbc.url", settings.jdbcUrl(),
                    "fraud.simulator.enabled", "true",
                    "fraud.simulator.streaming", "false",
                    "mp.jwt.verify.publickey.location", publicKey())));
            case DETECTOR -> startService(part, "detector-service", withRole("detector-service", Map.of(
                    "kafka.bootstrap.servers", settings.kafkaBootstrap(),
                    "quarkus.datasource.jdbc.url", settings.jdbcUrl(),
                    "mp.jwt.verify.publickey.location", publicKey())));
            case DASHBOARD -> startService(part, "alert-dashboard", withRole("alert-dashboard", Map.of(
                    "kafka.bootstrap.servers", settings.kafkaBootstrap(),
                    "quarkus.datasource.reactive.url", settings.reactiveUrl(),
                    "quarkus.datasource.jdbc.url", settings.jdbcUrl(),
                    "quarkus.rest-client.ingest.url", "http://127.0.0.1:" + servicePorts.get("ingest-service"),
                    "fraud.dashboard.pipeline.connect-url", settings.connectUrl(),
                    "fraud.dashboard.security.users-file", DashboardUsers.ensure(settings.dataDir()).toString(),
                    "fraud.dashboard.ingest-token-file", tokens().resolve("alert-dashboard.jwt").toString())));
        }
    }

    private Map<String, String> withRole(String service, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.putAll(ServiceRoles.connection(service, settings));
        return all;
    }

    /** The callers' tokens, made once after the data was wiped and kept while parts restart. */
    Path tokens() throws java.io.IOException {
        Path dir = settings.dataDir().resolve("tokens");
        if (!Files.exists(dir.resolve("public-key.pem"))) {
            ServiceTokens.issue(dir, java.time.Duration.ofDays(1));
        }
        return dir;
    }

    /** A caller's token (payment-writer, rules-admin, ...; see ServiceTokens.CALLERS). */
    String token(String caller) throws java.io.IOException {
        return Files.readString(tokens().resolve(caller + ".jwt")).strip();
    }

    private String publicKey() throws java.io.IOException {
        return tokens().resolve("public-key.pem").toString();
    }

    private void startServer(Part part) throws Exception {
        // local-stack's jar and its dependencies (system-tests' runtime classpath, see pom.xml).
        String classpath = Files.readString(Path.of(System.getProperty("stack.classpath.file"))).trim();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                part == Part.POSTGRES ? "-Xmx128m" : "-Xmx512m", "-cp", classpath, LocalStack.class.getName(),
                "--only=" + part.name().toLowerCase(java.util.Locale.ROOT)));
        if (Runtime.version().feature() >= 24) {
            command.add(1, "--sun-misc-unsafe-memory-access=allow");
        }
        Path log = logs.resolve(part.name().toLowerCase(java.util.Locale.ROOT) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment());
        long logSizeBefore = Files.exists(log) ? Files.size(log) : 0;
        Process process = builder.start();
        servers.put(part, process);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!readySince(log, logSizeBefore)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(part + " did not start; see " + log);
            }
            Thread.sleep(100);
        }
    }

    private static boolean readySince(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) (all.length - Math.min(offset, all.length)),
                java.nio.charset.StandardCharsets.UTF_8).contains("Local stack ready");
    }

    /** With the JVM options the local stack gives the service, so that tests and benchmarks run what users run. */
    private void startService(Part part, String name, Map<String, String> config) throws Exception {
        ServiceProcess service = ServiceProcess.start(name, settings, servicePorts.get(name), Launcher.jvmOptions(name),
                config, logs);
        services.put(part, service);
        service.awaitReady(READY);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye; PostgreSQL loses its postmaster and every backend at once. */
    void kill(Part part) throws InterruptedException {
        switch (part) {
            case POSTGRES -> {
                Optional<ProcessHandle> postmaster = PostmasterGuard.leftover(settings.dataDir());
                postmaster.ifPresent(pm -> {
                    List<ProcessHandle> backends = pm.descendants().toList();
                    pm.destroyForcibly();
                    backends.forEach(ProcessHandle::destroyForcibly);
                });
                destroy(servers.remove(part));
                if (postmaster.isPresent()) {
                    postmaster.get().onExit().join();
                }
            }
            case KAFKA, CONNECT -> destroy(servers.remove(part));
            default -> destroy(services.remove(part).process());
        }
    }

    private static void destroy(Process process) throws InterruptedException {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    void awaitConnectorsRunning(List<String> names, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String name : names) {
            while (!connectorState(name).equals("RUNNING")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Connector " + name + " is " + connectorState(name) + " after "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(250);
            }
        }
    }

    /** RUNNING when the connector and all its tasks run; otherwise the first state that is not (or UNREACHABLE). */
    String connectorState(String name) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(settings.connectUrl()
                    + "/connectors/" + name + "/status")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode();
            }
            Matcher states = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(r.body());
            int found = 0;
            while (states.find()) {
                found++;
                if (!states.group(1).equals("RUNNING")) {
                    return states.group(1);
                }
            }
            return found >= 2 ? "RUNNING" : "NO_TASKS";
        } catch (IOException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "INTERRUPTED";
        }
    }

    /** What Strimzi's connector autoRestart does on Kubernetes: restart failed connectors and tasks. */
    void restartFailedConnectors() throws Exception {
        for (String name : List.of("transactions-cdc", "alerts-outbox")) {
            if (connectorState(name).equals("FAILED")) {
                HTTP.send(HttpRequest.newBuilder(URI.create(settings.connectUrl() + "/connectors/" + name
                                + "/restart?includeTasks=true&onlyFailed=true")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                restartedConnectors.add(name);
            }
        }
    }

    List<String> restartedConnectors() {
        return List.copyOf(restartedConnectors);
    }

    /** Every process this system runs now, by part (PostgreSQL: its postmaster). */
    Map<Part, ProcessHandle> processes() {
        Map<Part, ProcessHandle> all = new LinkedHashMap<>();
        servers.forEach((part, p) -> all.put(part, p.toHandle()));
        PostmasterGuard.leftover(settings.dataDir()).ifPresent(pm -> all.put(Part.POSTGRES, pm));
        services.forEach((part, s) -> all.put(part, s.process().toHandle()));
        return all;
    }

    Path logs() {
        return logs;
    }

    StackSettings settings() {
        return settings;
    }

    String url(Part service, String path) {
        String name = switch (service) {
            case INGEST -> "ingest-service";
            case DETECTOR -> "detector-service";
            case DASHBOARD -> "alert-dashboard";
            default -> throw new IllegalArgumentException(service + " has no HTTP API here");
        };
        return "http://127.0.0.1:" + servicePorts.get(name) + path;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("FRAUD_HOME", settings.home().toString());
        env.put("FRAUD_DATA_DIR", settings.dataDir().toString());
        env.put("FRAUD_PG_PORT", Integer.toString(settings.postgresPort()));
        env.put("FRAUD_KAFKA_PORT", Integer.toString(settings.kafkaPort()));
        env.put("FRAUD_KAFKA_CONTROLLER_PORT", Integer.toString(settings.controllerPort()));
        env.put("FRAUD_CONNECT_PORT", Integer.toString(settings.connectPort()));
        return env;
    }

    /** Services first (SIGTERM), then Connect, Kafka and PostgreSQL; whatever is left is killed. */
    @Override
    public void close() throws Exception {
        for (Part part : List.of(Part.DASHBOARD, Part.DETECTOR, Part.INGEST)) {
            ServiceProcess service = services.remove(part);
            if (service != null) {
                service.close();
            }
        }
        for (Part part : List.of(Part.CONNECT, Part.KAFKA, Part.POSTGRES)) {
            Process server = servers.remove(part);
            if (server != null) {
                List<ProcessHandle> children = server.descendants().toList();
                server.destroy();
                if (!server.waitFor(60, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
        PostmasterGuard.stopLeftover(settings.dataDir());
    }
}
