package dev.frauddetection.localstack;

import org.apache.kafka.connect.util.SafeObjectInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Guards the standalone worker's source offsets file against a crash in the middle of writing it. Kafka's
 * {@code FileOffsetBackingStore} rewrites the file in place every flush and, on start, treats a truncated file as no
 * offsets at all (checked in connect-runtime 4.3.1): Debezium would then snapshot the whole transactions table again.
 * So every second a complete copy of the file is kept beside it (written to a temporary file, then moved over the
 * copy), and before the worker starts a file that does not read back whole is replaced by that copy. The copy may be a
 * flush or two behind: Debezium then resends a few change events, which the detector recognises and skips.
 */
final class OffsetsFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsFile.class);

    private final Path file;
    private final Path copy;
    private ScheduledExecutorService copier;
    private byte[] copied = new byte[0];

    OffsetsFile(Path file) {
        this.file = file;
        this.copy = file.resolveSibling(file.getFileName() + ".last-good");
    }

    Path copy() {
        return copy;
    }

    /** Before the worker starts: a file torn by a crash is replaced by the last complete copy. */
    void restoreIfTorn() throws IOException {
        byte[] current = read(file);
        if (current == null || readsBackWhole(current)) {
            return;
        }
        byte[] last = read(copy);
        if (last != null && readsBackWhole(last)) {
            Files.copy(copy, file, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Kafka Connect's offsets file {} was torn ({} bytes that do not read back); restored its last "
                    + "complete copy, so Debezium resumes where it was a moment before the crash", file, current.length);
        } else {
            LOG.error("Kafka Connect's offsets file {} was torn ({} bytes that do not read back) and there is no "
                    + "complete copy: Debezium will snapshot the captured tables again", file, current.length);
        }
    }

    /** Copies the file whenever it changed and reads back whole, every second, until closed. */
    void keepCopies() {
        copier = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "offsets-file-copier");
            t.setDaemon(true);
            return t;
        });
        copier.scheduleWithFixedDelay(this::copyIfComplete, 1, 1, TimeUnit.SECONDS);
    }

    void copyIfComplete() {
        try {
            byte[] current = read(file);
            // A read racing a rewrite sees a partial file: skipped, the next round copies it.
            if (current == null || Arrays.equals(current, copied) || !readsBackWhole(current)) {
                return;
            }
            Path temporary = copy.resolveSibling(copy.getFileName() + ".tmp");
            Files.write(temporary, current);
            Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            copied = current;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not copy {} this time", file, e);
        }
    }

    /** What Kafka's store reads on start: one serialized map. */
    static boolean readsBackWhole(byte[] bytes) {
        try (SafeObjectInputStream in = new SafeObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject() instanceof java.util.Map<?, ?> && in.read() == -1;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] read(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (copier != null) {
            copier.shutdownNow();
            copier = null;
        }
    }
}
