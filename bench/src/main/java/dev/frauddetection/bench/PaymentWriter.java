package dev.frauddetection.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes payments the way a payments core does: plain SQL inserts into {@code transactions}, committed in small JDBC
 * batches, paced to a target rate. Each writer connection carries an equal share of the rate; when a commit takes
 * longer than the pace allows, the next batch is larger, up to {@link #MAX_BATCH}, so the offered rate holds as long
 * as PostgreSQL can take it.
 */
final class PaymentWriter implements AutoCloseable {

    private static final int MAX_BATCH = 2_000;
    private static final String INSERT = """
            INSERT INTO transactions (id, account_id, card_fingerprint, card_last4, bank_id, payment_system, channel,
                amount, currency, merchant_id, merchant_name, merchant_category, country, lat, lon, created_at)
            VALUES (?, ?, ?, '4242', 'bank-a', 'VISA', 'CARD_PRESENT', ?, 'EUR', ?, 'Bench Store', '5411', 'DE', ?, ?, ?)""";

    private final PaymentLedger ledger;
    private final int accounts;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService threads;
    private final AtomicLong failures = new AtomicLong();

    PaymentWriter(SystemUnderTest system, PaymentLedger ledger, int writers, int accounts) throws SQLException {
        this.ledger = ledger;
        this.accounts = accounts;
        for (int i = 0; i < writers; i++) {
            Connection c = DriverManager.getConnection(system.jdbcUrl() + "?reWriteBatchedInserts=true",
                    system.dbUser(), system.dbPassword());
            c.setAutoCommit(false);
            connections.add(c);
        }
        this.threads = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "payment-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes at {@code rate} payments per second for {@code seconds}; returns the number of rows committed. */
    long write(double rate, int seconds) throws Exception {
        long before = ledger.written();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> running = new ArrayList<>();
        for (Connection c : connections) {
            running.add(threads.submit(() -> {
                pace(c, rate / connections.size(), deadline);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        return ledger.written() - before;
    }

    long failures() {
        return failures.get();
    }

    private void pace(Connection c, double rate, long deadline) throws Exception {
        long start = System.nanoTime();
        long written = 0;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                long due = (long) (rate * (now - start) / 1e9) - written;
                if (due <= 0) {
                    Thread.sleep(1);
                    continue;
                }
                int n = (int) Math.min(due, MAX_BATCH);
                long first = ledger.reserve(n);
                for (int i = 0; i < n; i++) {
                    bind(ps, first + i);
                    ps.addBatch();
                }
                try {
                    ps.executeBatch();
                    c.commit();
                    ledger.committed(first, n, System.nanoTime(), System.currentTimeMillis());
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    c.rollback();
                    throw e;
                }
                written += n;
            }
        }
    }

    private void bind(PreparedStatement ps, long seq) throws SQLException {
        int account = (int) (seq % accounts);
        boolean fraud = ledger.looksLikeFraud(seq);
        ps.setObject(1, ledger.id(seq));
        ps.setString(2, "acc-bench-" + account);
        ps.setString(3, "fp-bench-" + account);
        ps.setBigDecimal(4, fraud ? new BigDecimal("9800.00") : BigDecimal.valueOf(500 + seq % 15_000, 2));
        ps.setString(5, "m-bench-" + seq % 2_000);
        ps.setDouble(6, 52.52);
        ps.setDouble(7, 13.40);
        ps.setTimestamp(8, Timestamp.from(Instant.now()));
    }

    @Override
    public void close() {
        threads.shutdownNow();
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
