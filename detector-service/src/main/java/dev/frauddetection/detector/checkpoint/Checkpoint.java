package dev.frauddetection.detector.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The record that closes a partition's checkpoint: the source offset its state resumes from, and the watermark. */
record Checkpoint(long nextOffset, long watermark) {

    static final String KEY = "checkpoint";
    private static final int VERSION = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(17);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(nextOffset);
            out.writeLong(watermark);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static Checkpoint decode(byte[] value) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("Checkpoint record version " + version + ", this detector reads " + VERSION);
        }
        return new Checkpoint(in.readLong(), in.readLong());
    }
}
