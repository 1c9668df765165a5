package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The reused encoder writes exactly what DataOutputStream wrote, so checkpoints of either read alike. */
class StateCodecTest {

    private final Random random = new Random(3);

    @Test
    void theBufferWritesWhatDataOutputStreamWrites() throws IOException {
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            BigEndianBuffer actual = new BigEndianBuffer();
            try (DataOutputStream reference = new DataOutputStream(expected)) {
                // Up to ~20 KB per round: past the buffer's first 4 KB, so it grows.
                for (int op = 0, ops = random.nextInt(3_000); op < ops; op++) {
                    writeRandom(op % 14, reference, actual);
                }
            }
            assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void historiesEncodeAsBeforeAndAReusedEncoderLeavesNothingBehind() throws IOException {
        StateCodec.Encoder encoder = new StateCodec.Encoder();
        long t0 = 1_790_000_000_000L;
        for (int n : new int[]{200, 3, 0, 50, 1}) {
            AccountHistory account = new AccountHistory();
            MerchantHistory merchant = new MerchantHistory();
            for (int i = 0; i < n; i++) {
                long time = t0 + random.nextInt(2 * 24 * 3_600_000);
                account.add(new Payment("tx-" + i, "acc", "fp", "m-" + random.nextInt(40), "5411", "ONLINE",
                        random.nextDouble() * 900, "EUR", random.nextBoolean() ? "DE" : null,
                        random.nextBoolean() ? 52.5 : Double.NaN, random.nextBoolean() ? 13.4 : Double.NaN, time));
                merchant.addPayment(time);
                if (i % 7 == 0) {
                    merchant.addChargeback(time + 1_000);
                }
            }
            byte[] accountBytes = encoder.encode(account);
            assertThat(accountBytes).isEqualTo(legacy(out -> StateCodec.writeAccount(account, out))).isEqualTo(StateCodec.encode(account));
            assertThat(encoder.encode(merchant)).isEqualTo(legacy(out -> StateCodec.writeMerchant(merchant, out)));
            AccountHistory back = StateCodec.decodeAccount(accountBytes);
            assertThat(StateCodec.encode(back)).isEqualTo(accountBytes);
        }
    }

    private interface Writes {
        void writeTo(DataOutput out) throws IOException;
    }

    /** How StateCodec encoded before the reused buffer: a DataOutputStream over a fresh ByteArrayOutputStream. */
    private static byte[] legacy(Writes history) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(StateCodec.VERSION);
            history.writeTo(out);
        }
        return bytes.toByteArray();
    }

    private void writeRandom(int kind, DataOutput a, DataOutput b) throws IOException {
        switch (kind) {
            case 0 -> { int v = random.nextInt(); a.write(v); b.write(v); }
            case 1 -> { byte[] v = new byte[random.nextInt(40)]; random.nextBytes(v); a.write(v); b.write(v); }
            case 2 -> { byte[] v = new byte[40]; random.nextBytes(v); a.write(v, 5, 30); b.write(v, 5, 30); }
            case 3 -> { boolean v = random.nextBoolean(); a.writeBoolean(v); b.writeBoolean(v); }
            case 4 -> { int v = random.nextInt(); a.writeByte(v); b.writeByte(v); }
            case 5 -> { int v = random.nextInt(); a.writeShort(v); b.writeShort(v); }
            case 6 -> { int v = random.nextInt(); a.writeChar(v); b.writeChar(v); }
            case 7 -> { int v = random.nextInt(); a.writeInt(v); b.writeInt(v); }
            case 8 -> { long v = random.nextLong(); a.writeLong(v); b.writeLong(v); }
            case 9 -> { float v = random.nextBoolean() ? Float.NaN : random.nextFloat(); a.writeFloat(v); b.writeFloat(v); }
            case 10 -> { double v = random.nextBoolean() ? Double.NaN : random.nextGaussian(); a.writeDouble(v); b.writeDouble(v); }
            case 11 -> { a.writeBytes("bytes é"); b.writeBytes("bytes é"); }
            case 12 -> { a.writeChars("chars 😀"); b.writeChars("chars 😀"); }
            default -> { a.writeUTF("utf \u0000 é 😀"); b.writeUTF("utf \u0000 é 😀"); }
        }
    }
}
