package dev.frauddetection.detector.features;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The binary form of account and merchant histories in the state checkpoint topic: a version byte, then the fields
 * each history writes itself. Compact (no field names) because a checkpoint holds every account a partition knows;
 * versioned because a detector must never misread a checkpoint written by another layout.
 */
public final class StateCodec {

    /** Bump whenever a history's written layout changes. */
    public static final int VERSION = 2;

    private StateCodec() {
    }

    public static byte[] encode(AccountHistory account) {
        return new Encoder().encode(account);
    }

    public static byte[] encode(MerchantHistory merchant) {
        return new Encoder().encode(merchant);
    }

    public static AccountHistory decodeAccount(byte[] bytes) throws IOException {
        return AccountHistory.readFrom(open(bytes));
    }

    public static MerchantHistory decodeMerchant(byte[] bytes) throws IOException {
        return MerchantHistory.readFrom(open(bytes));
    }

    /**
     * Encodes many histories in a row into one reused buffer, as a snapshot does while it holds the pipeline: the same
     * bytes as {@link DataOutputStream} writes (big-endian), without its per-call synchronized stream writes and the
     * growing copies of a fresh {@link ByteArrayOutputStream} per history, which made a partition's snapshot of
     * thousands of changed accounts hold the pipeline for 100-250 ms under load. Not thread-safe.
     */
    public static final class Encoder {
        private final BigEndianBuffer out = new BigEndianBuffer();

        public byte[] encode(AccountHistory account) {
            return encode(account::writeTo);
        }

        public byte[] encode(MerchantHistory merchant) {
            return encode(merchant::writeTo);
        }

        private byte[] encode(Writer history) {
            out.reset();
            out.writeByte(VERSION);
            try {
                history.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("Writing to memory cannot fail", e);
            }
            return out.toByteArray();
        }
    }

    /** A history's own layout, after the version byte. */
    private interface Writer {
        void writeTo(DataOutput out) throws IOException;
    }

    /** A growable byte array written as {@link DataOutputStream} would write it. */
    static final class BigEndianBuffer implements DataOutput {
        private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private byte[] bytes = new byte[4096];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        /** Makes room and returns where to write; call it before reading {@code bytes}, which it may replace. */
        private int claim(int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
            }
            int at = size;
            size += length;
            return at;
        }

        @Override
        public void write(int b) {
            int at = claim(1);
            bytes[at] = (byte) b;
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int at = claim(len);
            System.arraycopy(b, off, bytes, at, len);
        }

        @Override
        public void writeBoolean(boolean v) {
            write(v ? 1 : 0);
        }

        @Override
        public void writeByte(int v) {
            write(v);
        }

        @Override
        public void writeShort(int v) {
            int at = claim(2);
            SHORT.set(bytes, at, (short) v);
        }

        @Override
        public void writeChar(int v) {
            writeShort(v);
        }

        @Override
        public void writeInt(int v) {
            int at = claim(4);
            INT.set(bytes, at, v);
        }

        @Override
        public void writeLong(long v) {
            int at = claim(8);
            LONG.set(bytes, at, v);
        }

        @Override
        public void writeFloat(float v) {
            writeInt(Float.floatToIntBits(v));
        }

        @Override
        public void writeDouble(double v) {
            writeLong(Double.doubleToLongBits(v));
        }

        @Override
        public void writeBytes(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        @Override
        public void writeChars(String s) {
            for (int i = 0; i < s.length(); i++) {
                writeChar(s.charAt(i));
            }
        }

        /** Modified UTF-8 with its length, exactly as DataOutputStream writes it (rare here: not on the hot path). */
        @Override
        public void writeUTF(String s) throws IOException {
            ByteArrayOutputStream utf = new ByteArrayOutputStream(s.length() + 2);
            try (DataOutputStream data = new DataOutputStream(utf)) {
                data.writeUTF(s);
            }
            write(utf.toByteArray());
        }
    }

    private static DataInput open(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("Checkpoint layout version " + version + ", this detector reads " + VERSION);
        }
        return in;
    }
}
