package dev.frauddetection.localstack;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offsets file is written and read by Kafka's own {@code FileOffsetBackingStore}, as in the local worker; a crash
 * in the middle of its rewrite is played by cutting the file short (or to nothing: the rewrite truncates it first).
 */
class OffsetsFileTest {

    private static final ByteBuffer PARTITION = bytes("[\"transactions-cdc\",{\"server\":\"payments\"}]");

    @Test
    void aFileTornByACrashIsReplacedByItsLastCompleteCopy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("offsets.dat");
        OffsetsFile guard = new OffsetsFile(file);
        write(file, "{\"lsn\":100}");
        guard.copyIfComplete();
        write(file, "{\"lsn\":200}");
        guard.copyIfComplete();
        byte[] whole = Files.readAllBytes(file);

        for (int kept : List.of(whole.length / 2, whole.length - 1, 0)) {
            Files.write(file, java.util.Arrays.copyOf(whole, kept));
            assertThat(OffsetsFile.readsBackWhole(Files.readAllBytes(file))).as("cut to %d bytes", kept).isFalse();

            guard.restoreIfTorn();

            assertThat(read(file)).as("offset after restoring a file cut to %d bytes", kept).isEqualTo("{\"lsn\":200}");
        }
    }

    @Test
    void aWholeFileIsLeftAsItIsAndATornOneWithoutACopyToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("offsets.dat");
        OffsetsFile guard = new OffsetsFile(file);
        guard.restoreIfTorn();
        assertThat(file).as("no file yet: nothing to do").doesNotExist();

        write(file, "{\"lsn\":300}");
        byte[] whole = Files.readAllBytes(file);
        guard.restoreIfTorn();
        assertThat(Files.readAllBytes(file)).isEqualTo(whole);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        guard.copyIfComplete();
        assertThat(guard.copy()).as("a partial file is never copied").doesNotExist();
        guard.restoreIfTorn();
        assertThat(Files.size(file)).as("left for Kafka, which starts without offsets").isEqualTo(whole.length / 2);
    }

    /** Offsets set through Kafka's store, which rewrites the file. */
    private static void write(Path file, String offset) throws Exception {
        FileOffsetBackingStore store = store(file);
        try {
            store.set(Map.of(PARTITION, bytes(offset)), null).get(10, TimeUnit.SECONDS);
        } finally {
            store.stop();
        }
    }

    /** The offset Kafka's store reads back from the file on start. */
    private static String read(Path file) throws Exception {
        FileOffsetBackingStore store = store(file);
        try {
            ByteBuffer value = store.get(List.of(PARTITION)).get(10, TimeUnit.SECONDS).get(PARTITION);
            return value == null ? null : StandardCharsets.UTF_8.decode(value).toString();
        } finally {
            store.stop();
        }
    }

    private static FileOffsetBackingStore store(Path file) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        FileOffsetBackingStore store = new FileOffsetBackingStore(converter);
        store.configure(new StandaloneConfig(Map.of(
                "bootstrap.servers", "127.0.0.1:9",
                "key.converter", JsonConverter.class.getName(),
                "value.converter", JsonConverter.class.getName(),
                StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG, file.toString())));
        store.start();
        return store;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
