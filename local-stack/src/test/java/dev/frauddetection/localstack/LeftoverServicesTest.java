package dev.frauddetection.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes stand in for services left behind by a killed launcher: JVMs carrying a data directory's marker.
 * Tried: a leftover of this data directory (stopped), one of another data directory (left alone), and one that does
 * not stop on SIGTERM (killed after the grace period).
 */
@Timeout(60)
class LeftoverServicesTest {

    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dataDir;

    @TempDir
    Path otherDataDir;

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServiceOfThisDataDirectoryIsStoppedAndOneOfAnotherIsLeftAlone() throws Exception {
        Process leftover = stub(dataDir, false);
        Process someoneElses = stub(otherDataDir, false);

        assertThat(LeftoverServices.find(dataDir)).extracting(ProcessHandle::pid).containsExactly(leftover.pid());
        LeftoverServices.stop(dataDir, Duration.ofSeconds(10));

        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(someoneElses.isAlive()).isTrue();
        assertThat(LeftoverServices.find(dataDir)).isEmpty();
    }

    @Test
    void aServiceThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Process stubborn = stub(dataDir, true);

        LeftoverServices.stop(dataDir, Duration.ofSeconds(2));

        assertThat(stubborn.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stubborn.exitValue()).as("SIGKILL").isEqualTo(137);
    }

    /** A JVM with the marker that sleeps; a stubborn one blocks its shutdown hook, so SIGTERM does not end it. */
    private Process stub(Path dir, boolean stubborn) throws Exception {
        Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                LeftoverServices.marker(dir), "-cp", classes.toString(), FakeService.class.getName(),
                Boolean.toString(stubborn))
                .redirectErrorStream(true).start();
        started.add(process);
        // wait until its shutdown hook is in place (a SIGTERM before that would end even a stubborn one)
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the fake service's first line").isEqualTo(FakeService.READY);
        return process;
    }

    /** Stands in for a service JVM. */
    public static final class FakeService {
        static final String READY = "ready";

        public static void main(String[] args) throws InterruptedException {
            if (Boolean.parseBoolean(args[0])) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
