package dev.frauddetection.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The services are child JVMs of the launcher. A launcher that is killed with SIGKILL, or halted (Kafka halts its JVM
 * when its log directory fails), cannot stop them: they keep running, holding ports 8080-8082, and the next start fails
 * with "address already in use". Every service is started with a marker naming its data directory; the next launcher
 * on that directory finds the services still carrying it and stops them first, as {@link PostmasterGuard} does for
 * PostgreSQL.
 */
final class LeftoverServices {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverServices.class);
    private static final String MARKER = "-Dlocal-stack.data-dir=";

    private LeftoverServices() {
    }

    /** The JVM argument that ties a service to the data directory of the launcher that started it. */
    static String marker(Path dataDir) {
        return MARKER + dataDir.toAbsolutePath().normalize();
    }

    /** Processes carrying this data directory's marker. Called before this launcher starts services of its own. */
    static List<ProcessHandle> find(Path dataDir) {
        String marker = marker(dataDir);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
                .toList();
    }

    /** SIGTERM to each leftover, then SIGKILL to any still running after 20 s (a service stops in about 1 s). */
    static void stop(Path dataDir) {
        stop(dataDir, Duration.ofSeconds(20));
    }

    static void stop(Path dataDir, Duration grace) {
        List<ProcessHandle> leftovers = find(dataDir);
        for (ProcessHandle service : leftovers) {
            LOG.warn("Stopping a service left running by an earlier launcher on {} (pid {})", dataDir, service.pid());
            service.destroy();
        }
        for (ProcessHandle service : leftovers) {
            try {
                service.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException stillRunning) {
                service.destroyForcibly();
            }
        }
    }
}
