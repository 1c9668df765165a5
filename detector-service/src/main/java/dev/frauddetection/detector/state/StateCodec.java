package dev.frauddetection.detector.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The state checkpoint's format, in one place: record keys ({@code a/} + account id, {@code m/} + merchant id) and the
 * binary form of account and merchant histories, a version byte then their fields. Compact (no field names) because a
 * checkpoint holds every account a partition knows; versioned because a detector must never misread a checkpoint
 * written by another layout. Everything a query can depend on is written, never the per-payment memo.
 */
public final class StateCodec {

    /** Bump whenever a history's written layout changes. */
    public static final int VERSION = 2;

    private static final String ACCOUNT_KEY = "a/";
    private static final String MERCHANT_KEY = "m/";

    private StateCodec() {
    }

    // ---- keys --------------------------------------------------------------------------------------------------

    static String accountKey(String accountId) {
        return ACCOUNT_KEY + accountId;
    }

    static String merchantKey(String merchantId) {
        return MERCHANT_KEY + merchantId;
    }

    static boolean isAccountKey(String key) {
        return key.startsWith(ACCOUNT_KEY);
    }

    static boolean isMerchantKey(String key) {
        return key.startsWith(MERCHANT_KEY);
    }

    /** The account or merchant id of an account or merchant key (both prefixes are two characters). */
    static String idOf(String key) {
        return key.substring(ACCOUNT_KEY.length());
    }

    // ---- histories ---------------------------------------------------------------------------------------------

    public static byte[] encode(AccountHistory account) {
        return new Encoder().encode(account);
    }

    public static byte[] encode(MerchantHistory merchant) {
        return new Encoder().encode(merchant);
    }

    public static AccountHistory decodeAccount(byte[] bytes) throws IOException {
        return readAccount(open(bytes));
    }

    public static MerchantHistory decodeMerchant(byte[] bytes) throws IOException {
        return readMerchant(open(bytes));
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
            return encode(out -> writeAccount(account, out));
        }

        public byte[] encode(MerchantHistory merchant) {
            return encode(out -> writeMerchant(merchant, out));
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

    /** A checkpoint of another {@link #VERSION} is not read but rebuilt from replay: bump it when this changes. */
    static void writeAccount(AccountHistory h, DataOutput out) throws IOException {
        out.writeShort(h.size);
        for (int i = 0; i < h.size; i++) {
            // Field by field as the layout has always been written (longs, doubles as their bits).
            for (int f = 0; f < AccountHistory.RECORD; f++) {
                out.writeLong(h.recent[i * AccountHistory.RECORD + f]);
            }
        }
        int buckets = 0;
        for (long day : h.bucketDay) {
            buckets += day == Long.MIN_VALUE ? 0 : 1;
        }
        out.writeByte(buckets);
        for (int i = 0; i < AccountHistory.DAYS; i++) {
            if (h.bucketDay[i] != Long.MIN_VALUE) {
                out.writeByte(i);
                out.writeLong(h.bucketDay[i]);
                out.writeInt(h.bucketCount[i]);
                out.writeDouble(h.bucketEuros[i]);
            }
        }
        writePlaces(h.countriesSeen, out);
        writePlaces(h.merchantsSeen, out);
        out.writeLong(h.profileCount);
        out.writeDouble(h.profileMean);
        out.writeDouble(h.profileM2);
        out.writeDouble(h.lastLat);
        out.writeDouble(h.lastLon);
        out.writeLong(h.lastLocatedTime);
        out.writeLong(h.latestTime);
    }

    static AccountHistory readAccount(DataInput in) throws IOException {
        AccountHistory h = new AccountHistory();
        int size = in.readUnsignedShort();
        if (size > AccountHistory.MAX_RECENT) {
            throw new IOException("An account checkpoint holds " + size + " recent payments, more than " + AccountHistory.MAX_RECENT);
        }
        int capacity = Math.max(4, Integer.highestOneBit(Math.max(1, size - 1)) << 1);
        h.recent = new long[capacity * AccountHistory.RECORD];
        for (int i = 0; i < size * AccountHistory.RECORD; i++) {
            h.recent[i] = in.readLong();
        }
        h.size = size;
        int buckets = in.readUnsignedByte();
        for (int b = 0; b < buckets; b++) {
            int i = in.readUnsignedByte();
            if (i >= AccountHistory.DAYS) {
                throw new IOException("Daily bucket " + i + " out of range");
            }
            h.bucketDay[i] = in.readLong();
            h.bucketCount[i] = in.readInt();
            h.bucketEuros[i] = in.readDouble();
        }
        readPlaces(h.countriesSeen, in);
        readPlaces(h.merchantsSeen, in);
        h.profileCount = in.readLong();
        h.profileMean = in.readDouble();
        h.profileM2 = in.readDouble();
        h.lastLat = in.readDouble();
        h.lastLon = in.readDouble();
        h.lastLocatedTime = in.readLong();
        h.latestTime = in.readLong();
        return h;
    }

    static void writeMerchant(MerchantHistory h, DataOutput out) throws IOException {
        for (int i = 0; i < MerchantHistory.DAYS; i++) {
            out.writeLong(h.paymentDay[i]);
            out.writeInt(h.payments[i]);
        }
        out.writeShort(h.chargebackCount);
        for (int i = 0; i < h.chargebackCount; i++) {
            out.writeLong(h.chargebackTimes[i]);
        }
        out.writeLong(h.latestTime);
    }

    static MerchantHistory readMerchant(DataInput in) throws IOException {
        MerchantHistory h = new MerchantHistory();
        for (int i = 0; i < MerchantHistory.DAYS; i++) {
            h.paymentDay[i] = in.readLong();
            h.payments[i] = in.readInt();
        }
        int count = in.readUnsignedShort();
        if (count > MerchantHistory.MAX_CHARGEBACKS) {
            throw new IOException("A merchant checkpoint holds " + count + " chargebacks, more than " + MerchantHistory.MAX_CHARGEBACKS);
        }
        h.chargebackTimes = new long[count];
        for (int i = 0; i < count; i++) {
            h.chargebackTimes[i] = in.readLong();
        }
        h.chargebackCount = count;
        h.latestTime = in.readLong();
        return h;
    }

    private static void writePlaces(Places places, DataOutput out) throws IOException {
        out.writeByte(places.size);
        for (int i = 0, n = places.size * Places.ENTRY; i < n; i++) {
            out.writeLong(places.entries[i]);
        }
    }

    private static void readPlaces(Places places, DataInput in) throws IOException {
        int count = in.readUnsignedByte();
        if (count > AccountHistory.MAX_PLACES) {
            throw new IOException("A checkpoint holds " + count + " places, more than " + AccountHistory.MAX_PLACES);
        }
        places.entries = new long[Math.max(2, count) * Places.ENTRY];
        for (int i = 0, n = count * Places.ENTRY; i < n; i++) {
            places.entries[i] = in.readLong();
        }
        places.size = count;
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
