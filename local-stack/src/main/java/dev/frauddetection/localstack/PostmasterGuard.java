package dev.frauddetection.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's postmaster detaches from the JVM that started it, so a launcher killed with SIGKILL leaves it running
 * on the data directory. This finds such a leftover through its postmaster.pid and stops it, so that the next start
 * (or a fresh start that deletes the directory) never runs beside an orphan.
 */
public final class PostmasterGuard {

    private static final Logger LOG = LoggerFactory.getLogger(PostmasterGuard.class);

    private PostmasterGuard() {
    }

    public static Optional<ProcessHandle> leftover(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static void stopLeftover(Path dataDir) {
        leftover(dataDir).ifPresent(postmaster -> {
            LOG.warn("Stopping PostgreSQL left running by an earlier launcher (pid {})", postmaster.pid());
            postmaster.destroy();
            try {
                postmaster.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL pid " + postmaster.pid() + " on " + dataDir
                        + " did not stop; stop it and start again", e);
            }
        });
    }
}
