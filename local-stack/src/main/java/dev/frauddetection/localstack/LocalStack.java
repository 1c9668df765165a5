package dev.frauddetection.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * PostgreSQL, Kafka and Kafka Connect with Debezium, started in this order and stopped in reverse. Connectors are
 * registered as soon as the table they capture exists: ingest-service owns the schema, so Debezium waits for its
 * Flyway migration rather than failing to create a publication for a missing table.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /**
     * Longest Kafka Connect or Kafka may take to stop (each usually takes a few seconds); both together stay within the
     * 90 s the tests give the whole launcher, services included.
     */
    static final Duration IN_PROCESS_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final StackSettings settings;
    private final PaymentsDatabase database;
    private final KafkaBroker kafka;
    private final ConnectWorker connect;
    private final List<ConnectorDefinition> connectors;
    private final ScheduledExecutorService registrar = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connector-registrar");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LocalStack(StackSettings settings) {
        this.settings = settings;
        this.database = new PaymentsDatabase(settings);
        this.kafka = new KafkaBroker(settings);
        this.connect = new ConnectWorker(settings);
        this.connectors = connectorFiles(settings.strimziDir().resolve("connectors")).stream()
                .map(file -> ConnectorDefinition.fromStrimzi(file, settings))
                .toList();
    }

    /** Deletes the data directory, so that the next start begins with an empty database and empty topics. */
    public static void wipeData(StackSettings settings) throws IOException {
        PostmasterGuard.stopLeftover(settings.dataDir());
        if (Files.exists(settings.dataDir())) {
            try (Stream<Path> paths = Files.walk(settings.dataDir())) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The servers this class runs; a fault test runs each in its own JVM so it can kill and restart one alone. */
    public enum Server { POSTGRES, KAFKA, CONNECT }

    public void start() throws IOException {
        start(EnumSet.allOf(Server.class));
    }

    /** Starts the given servers only, in the usual order; the others are expected to be running elsewhere. */
    public void start(Set<Server> servers) throws IOException {
        Files.createDirectories(settings.dataDir());
        long t0 = System.nanoTime();
        if (servers.contains(Server.POSTGRES)) {
            PostmasterGuard.stopLeftover(settings.dataDir());
            database.start();
        }
        long t1 = System.nanoTime();
        if (servers.contains(Server.KAFKA)) {
            kafka.start();
            createTopics();
        }
        long t2 = System.nanoTime();
        if (servers.contains(Server.CONNECT)) {
            connect.start();
        }
        long t3 = System.nanoTime();
        LOG.info("PostgreSQL up in {} ms, Kafka in {} ms, Kafka Connect in {} ms",
                millis(t1 - t0), millis(t2 - t1), millis(t3 - t2));
        if (servers.contains(Server.CONNECT)) {
            registrar.scheduleWithFixedDelay(this::registerConnectorsWhosePublicationsExist, 0, 500, TimeUnit.MILLISECONDS);
        }
    }

    private void createTopics() {
        List<NewTopic> topics = TopicDefinition.fromStrimzi(settings.strimziDir().resolve("topics"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create the Kafka topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private void registerConnectorsWhosePublicationsExist() {
        for (ConnectorDefinition connector : connectors) {
            if (registered.contains(connector.name())) {
                continue;
            }
            String table = connector.capturedTable();
            String publication = connector.publication();
            if (!publication.isEmpty() && !database.publicationExists(publication)) {
                continue;
            }
            try {
                connect.register(connector);
                registered.add(connector.name());
                LOG.info("Registered connector {} (captures {} through {})", connector.name(), table, publication);
            } catch (RuntimeException e) {
                LOG.error("Registering connector {} failed, retrying: {}", connector.name(), e.getMessage());
            }
        }
    }

    /**
     * Waits until every connector from strimzi/connectors whose table exists runs; fails with the connector's own
     * error otherwise. A connector whose table does not exist yet (the alert outbox, whose table a later service
     * version creates) is not waited for: it is registered by the poller as soon as its table appears, and the
     * system is usable without it.
     */
    public void awaitConnectorsRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ConnectorDefinition connector : connectors) {
            String publication = connector.publication();
            if (!publication.isEmpty() && !database.publicationExists(publication)) {
                LOG.info("Not waiting for connector {}: publication {} does not exist yet; it starts once a "
                        + "migration makes it", connector.name(), publication);
                continue;
            }
            Optional<String> state = connect.state(connector.name());
            while (!state.equals(Optional.of("RUNNING"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Connector " + connector.name() + " is not running after "
                            + timeout.toSeconds() + " s: " + state.orElse("not registered (does publication "
                            + connector.publication() + " exist?)"));
                }
                Thread.sleep(200);
                state = connect.state(connector.name());
            }
        }
    }

    public StackSettings settings() {
        return settings;
    }

    private static List<Path> connectorFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read connector definitions in " + dir, e);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void close() {
        registrar.shutdownNow();
        // Kafka Connect and Kafka run in this JVM: a stop that hangs would keep Ctrl-C (and the launcher's shutdown
        // hook) from ever returning and leave PostgreSQL, a process of its own, running. Each gets a bound; past it
        // the stop is left to the JVM's exit and what it was stuck on is logged.
        closeWithin("Kafka Connect", connect::close, IN_PROCESS_STOP_TIMEOUT);
        closeWithin("Kafka", kafka::close, IN_PROCESS_STOP_TIMEOUT);
        closeQuietly("PostgreSQL", database::close);
    }

    private static void closeQuietly(String what, ThrowingRunnable stop) {
        try {
            stop.run();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed: {}", what, e.toString());
        }
    }

    /** Stops a server on a thread of its own, waiting at most {@code timeout}; a stop still running is reported. */
    static boolean closeWithin(String what, ThrowingRunnable stop, Duration timeout) {
        Thread stopping = new Thread(() -> closeQuietly(what, stop), "stopping-" + what.toLowerCase(java.util.Locale.ROOT)
                .replace(' ', '-'));
        stopping.setDaemon(true);
        stopping.start();
        try {
            stopping.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping.isAlive()) {
            return true;
        }
        StringBuilder stuck = new StringBuilder();
        for (StackTraceElement frame : stopping.getStackTrace()) {
            stuck.append("\n\tat ").append(frame);
        }
        LOG.error("Stopping {} did not finish within {} s; going on without it. It was at:{}", what,
                timeout.toMillis() / 1000.0, stuck);
        return false;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Runs only the servers (no services): {@code java ... LocalStack [--fresh] [--only=postgres,kafka,connect]};
     * Ctrl-C stops them. {@code --only} runs a subset, for tests that kill and restart one server alone.
     */
    public static void main(String[] args) throws Exception {
        StackSettings settings = StackSettings.fromEnvironment(System.getenv());
        List<String> arguments = List.of(args);
        if (arguments.contains("--fresh")) {
            wipeData(settings);
        }
        Set<Server> servers = arguments.stream().filter(a -> a.startsWith("--only="))
                .flatMap(a -> Stream.of(a.substring("--only=".length()).split(",")))
                .map(name -> Server.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Server.class)));
        LocalStack stack = new LocalStack(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        try {
            stack.start(servers.isEmpty() ? EnumSet.allOf(Server.class) : servers);
        } catch (Exception e) {
            LOG.error("Start-up failed: {}", e.getMessage(), e);
            System.exit(1);
        }
        System.out.printf("Local stack ready: PostgreSQL %s, Kafka %s, Kafka Connect %s, data in %s%n",
                settings.jdbcUrl(), settings.kafkaBootstrap(), settings.connectUrl(), settings.dataDir());
        Thread.currentThread().join();
    }
}
