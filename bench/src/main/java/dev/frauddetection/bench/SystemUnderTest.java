package dev.frauddetection.bench;

import dev.frauddetection.localstack.LoopbackPorts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The system being measured: either started here, as {@code run-local.sh} starts it (the launcher in its own JVM with
 * local-stack's classpath, the simulator off, a fresh data directory, free ports on 127.0.0.1), or one already running
 * whose ports are in the FRAUD_*_PORT variables.
 */
final class SystemUnderTest implements AutoCloseable {

    private static final String READY_LINE = "Fraud detection is running";
    private static final List<String> PORTS = List.of("FRAUD_PG_PORT", "FRAUD_KAFKA_PORT",
            "FRAUD_KAFKA_CONTROLLER_PORT", "FRAUD_CONNECT_PORT", "FRAUD_DASHBOARD_PORT", "FRAUD_INGEST_PORT",
            "FRAUD_DETECTOR_PORT");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("FRAUD_PG_PORT", 5432, "FRAUD_KAFKA_PORT", 9092,
            "FRAUD_KAFKA_CONTROLLER_PORT", 9093, "FRAUD_CONNECT_PORT", 8083, "FRAUD_DASHBOARD_PORT", 8080,
            "FRAUD_INGEST_PORT", 8081, "FRAUD_DETECTOR_PORT", 8082);

    private final Map<String, String> env;
    private final Path dataDir;
    private Process launcher;

    private SystemUnderTest(Map<String, String> env, Path dataDir) {
        this.env = env;
        this.dataDir = dataDir;
    }

    static SystemUnderTest attach(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>();
        for (String name : PORTS) {
            env.put(name, environment.getOrDefault(name, DEFAULT_PORTS.get(name).toString()));
        }
        env.put("FRAUD_PG_USER", environment.getOrDefault("FRAUD_PG_USER", "payments"));
        env.put("FRAUD_PG_PASSWORD", environment.getOrDefault("FRAUD_PG_PASSWORD", "payments-local"));
        Path data = Path.of(environment.getOrDefault("FRAUD_DATA_DIR", "data")).toAbsolutePath();
        return new SystemUnderTest(env, data);
    }

    static SystemUnderTest start(Path home, Path workDir, Duration timeout) throws Exception {
        Map<String, String> env = new HashMap<>();
        Path dataDir = workDir.resolve("bench-data").toAbsolutePath();
        env.put("FRAUD_HOME", home.toString());
        env.put("FRAUD_DATA_DIR", dataDir.toString());
        env.put("FRAUD_SIMULATOR_RATE", "0");
        env.put("FRAUD_PG_USER", "payments");
        env.put("FRAUD_PG_PASSWORD", "payments-local");
        List<Integer> ports = LoopbackPorts.take(PORTS.size());
        for (int i = 0; i < PORTS.size(); i++) {
            env.put(PORTS.get(i), Integer.toString(ports.get(i)));
        }
        SystemUnderTest system = new SystemUnderTest(env, dataDir);
        system.launch(home, workDir.resolve("bench-launcher.log"), timeout);
        return system;
    }

    private void launch(Path home, Path log, Duration timeout) throws Exception {
        Path classes = home.resolve("local-stack/target/classes");
        Path classpathFile = home.resolve("local-stack/target/stack-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("local-stack is not built: run ./mvnw -DskipTests package first");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", classes + java.io.File.pathSeparator + Files.readString(classpathFile).trim(),
                "dev.frauddetection.localstack.Launcher", "--fresh"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Files.createDirectories(log.getParent());
        launcher = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> copyOutput(log, ready), "launcher-output");
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(1, TimeUnit.SECONDS)) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("The launcher exited with " + launcher.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The system was not ready after " + timeout.toSeconds() + " s; see " + log);
            }
        }
    }

    private void copyOutput(Path log, CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.contains(READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the launcher's output closed
        }
    }

    int port(String name) {
        return Integer.parseInt(env.get(name));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port("FRAUD_PG_PORT") + "/payments";
    }

    String dbUser() {
        return env.get("FRAUD_PG_USER");
    }

    String dbPassword() {
        return env.get("FRAUD_PG_PASSWORD");
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + port("FRAUD_KAFKA_PORT");
    }

    String dashboardUrl(String path) {
        return "http://127.0.0.1:" + port("FRAUD_DASHBOARD_PORT") + path;
    }

    String detectorUrl(String path) {
        return "http://127.0.0.1:" + port("FRAUD_DETECTOR_PORT") + path;
    }

    /** The launcher this benchmark started, if it started one. */
    Optional<ProcessHandle> launcher() {
        return Optional.ofNullable(launcher).map(Process::toHandle);
    }

    /** PostgreSQL's postmaster, found through its pid file: it runs detached from the launcher. */
    Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops what this benchmark started (SIGTERM, as Ctrl-C would); an attached system is left running. */
    @Override
    public void close() throws InterruptedException {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> started = new ArrayList<>(launcher.descendants().toList());
        Optional<ProcessHandle> postgres = postmaster();
        launcher.destroy();
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        postgres.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
    }
}
