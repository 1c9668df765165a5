package dev.frauddetection.systemtests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Payments written with plain SQL at a steady rate on a thread of its own, the way a payments core keeps writing
 * while parts of the system fail: a failed batch is retried on a new connection until the database is back. Every
 * payment has an account of its own (so no window rule links them and a replayed event gets the same decision) and
 * one in {@code fraudEvery} looks like fraud (9,800 EUR). What counts as written is what the database holds afterwards, not what
 * this writer believes: a commit whose answer was lost in a crash may or may not have happened.
 */
final class PaymentStream implements AutoCloseable {

    static final String FRAUD_AMOUNT = "9800.00";

    private final String jdbcUrl;
    private final String tag;
    private final double rate;
    private final int fraudEvery;
    private final Thread thread;
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private volatile boolean running = true;

    PaymentStream(String jdbcUrl, String tag, double rate, int fraudEvery) {
        this.jdbcUrl = jdbcUrl;
        this.tag = tag;
        this.rate = rate;
        this.fraudEvery = fraudEvery;
        this.thread = new Thread(this::run, "payments-" + tag);
        thread.setDaemon(true);
        thread.start();
    }

    /** The account prefix of this stream's payments, for SQL LIKE. */
    static String accountPrefix(String tag) {
        return "acc-" + tag + "-";
    }

    private void run() {
        long start = System.nanoTime();
        long written = 0;
        Connection c = null;
        while (running) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection(jdbcUrl + "?reWriteBatchedInserts=true&connectTimeout=2&socketTimeout=10",
                            "payments", "payments-local");
                    c.setAutoCommit(false);
                }
                long due = (long) (rate * (System.nanoTime() - start) / 1e9) - written;
                if (due <= 0) {
                    Thread.sleep(5);
                    continue;
                }
                int n = (int) Math.min(due, 5_000);
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO transactions (id, account_id, card_fingerprint, card_last4, bank_id, payment_system,
                            channel, amount, currency, merchant_id, merchant_name, merchant_category, country, lat, lon,
                            created_at)
                        VALUES (?, ?, ?, '4242', 'bank-a', 'VISA', 'CARD_PRESENT', ?::numeric, 'EUR', 'm-fault',
                            'Fault Store', '5411', 'DE', 52.52, 13.40, ?)""")) {
                    for (int i = 0; i < n; i++) {
                        long seq = written + i;
                        ps.setObject(1, UUID.randomUUID());
                        ps.setString(2, accountPrefix(tag) + seq);
                        ps.setString(3, "fp-" + tag + "-" + seq);
                        ps.setString(4, seq % fraudEvery == fraudEvery / 2 ? FRAUD_AMOUNT : "25.00");
                        ps.setTimestamp(5, Timestamp.from(Instant.now()));
                        ps.addBatch();
                    }
                    attempted.addAndGet(n);
                    ps.executeBatch();
                    c.commit();
                }
                written += n;
            } catch (SQLException | RuntimeException | AssertionError e) {
                // pgjdbc asserts (with -ea, as in tests) when the connection dies inside a batch: same as an SQLException.
                failedBatches.incrementAndGet();
                closeQuietly(c);
                c = null;
                sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        closeQuietly(c);
    }

    long failedBatches() {
        return failedBatches.get();
    }

    long attempted() {
        return attempted.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is broken anyway
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
