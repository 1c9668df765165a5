package dev.frauddetection.systemtests;

import dev.frauddetection.localstack.Launcher;
import dev.frauddetection.localstack.LoopbackPorts;
import dev.frauddetection.localstack.PostmasterGuard;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole system started the way a user starts it: the Launcher in its own JVM (with the local stack's classpath,
 * as run-local.sh does), on free ports, with its output copied to a log under target/.
 */
final class RunningSystem implements AutoCloseable {

    static final String READY_LINE = "Fraud detection is running";

    final Map<String, String> env;
    final Path dataDir;
    private final Path log;
    private Process launcher;
    private final Set<ProcessHandle> seen = new HashSet<>();

    private RunningSystem(Map<String, String> env, Path dataDir, Path log) {
        this.env = env;
        this.dataDir = dataDir;
        this.log = log;
    }

    static RunningSystem onFreePorts(Path dataDir, Path log) {
        Map<String, String> env = new HashMap<>();
        env.put("FRAUD_HOME", System.getProperty("fraud.home"));
        env.put("FRAUD_DATA_DIR", dataDir.toString());
        env.put("FRAUD_SIMULATOR_RATE", "0");
        List<String> names = List.of("FRAUD_PG_PORT", "FRAUD_KAFKA_PORT", "FRAUD_KAFKA_CONTROLLER_PORT",
                "FRAUD_CONNECT_PORT", "FRAUD_DASHBOARD_PORT", "FRAUD_INGEST_PORT", "FRAUD_DETECTOR_PORT");
        List<Integer> ports = LoopbackPorts.take(names.size());
        for (int i = 0; i < names.size(); i++) {
            env.put(names.get(i), Integer.toString(ports.get(i)));
        }
        return new RunningSystem(env, dataDir, log);
    }

    /** A caller's token as the launcher wrote it at its last start (payment-writer, rules-admin, ...). */
    String token(String caller) throws IOException {
        return Files.readString(dataDir.resolve("tokens").resolve(caller + ".jwt")).strip();
    }

    int port(String name) {
        return Integer.parseInt(env.get(name));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port("FRAUD_PG_PORT") + "/payments";
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + port("FRAUD_KAFKA_PORT");
    }

    /** Starts the launcher and blocks until it prints its ready line; fails with its output if it exits first. */
    void start(boolean fresh, Duration timeout) throws Exception {
        // local-stack's jar and its dependencies (system-tests' runtime classpath, see pom.xml).
        String classpath = Files.readString(Path.of(System.getProperty("stack.classpath.file"))).trim();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx1g", "-cp", classpath, Launcher.class.getName()));
        if (fresh) {
            command.add("--fresh");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        launcher = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> copyOutput(ready), "launcher-output");
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(1, TimeUnit.SECONDS)) {
            if (!launcher.isAlive()) {
                pump.join(5_000);
                throw new IllegalStateException("The launcher exited with " + launcher.exitValue() + "; the end of "
                        + log + ":\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The system was not ready after " + timeout.toSeconds()
                        + " s; the end of " + log + ":\n" + logTail());
            }
        }
        rememberProcesses();
    }

    /** The launcher's last lines, so that a start-up failure explains itself in the test report (CI keeps no target/). */
    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    private void copyOutput(CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.contains(READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the launcher's output closed; its exit is reported by start() or stop()
        }
    }

    /** Every process this run consists of: the launcher, its child JVMs, and the detached PostgreSQL postmaster. */
    Set<ProcessHandle> rememberProcesses() {
        seen.add(launcher.toHandle());
        launcher.descendants().forEach(seen::add);
        PostmasterGuard.leftover(dataDir).ifPresent(seen::add);
        return Set.copyOf(seen);
    }

    Optional<ProcessHandle> postmaster() {
        return PostmasterGuard.leftover(dataDir);
    }

    /** SIGTERM, as Ctrl-C or a service manager would send; returns the launcher's exit code. */
    int stop(Duration timeout) throws InterruptedException {
        rememberProcesses();
        launcher.destroy();
        if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The launcher did not stop within " + timeout.toSeconds() + " s");
        }
        return launcher.exitValue();
    }

    /** Processes of this run that are still alive. */
    List<ProcessHandle> survivors() {
        return seen.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Last resort after a failed test: nothing this run started may outlive the test. */
    @Override
    public void close() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            rememberProcesses();
            launcher.destroy();
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        }
        for (ProcessHandle process : survivors()) {
            process.destroyForcibly();
        }
        PostmasterGuard.stopLeftover(dataDir);
    }
}
