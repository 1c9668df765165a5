package dev.frauddetection.detector.features;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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
        return encode(out -> account.writeTo(out));
    }

    public static byte[] encode(MerchantHistory merchant) {
        return encode(out -> merchant.writeTo(out));
    }

    public static AccountHistory decodeAccount(byte[] bytes) throws IOException {
        return AccountHistory.readFrom(open(bytes));
    }

    public static MerchantHistory decodeMerchant(byte[] bytes) throws IOException {
        return MerchantHistory.readFrom(open(bytes));
    }

    private interface Writer {
        void write(DataOutput out) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
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
