package dev.frauddetection.training.deployment;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.training.HistoryCsv.Label;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deployment's own payments of a window, in event-time order, and their outcomes as they became known
 * ({@code sql/payment-outcomes.sql}: chargebacks and analysts' triage, later evidence winning), read from the payments
 * database. Payments are streamed through a server-side cursor a page at a time, so the database sorts once and this
 * process never holds more than a page of rows beyond the payments themselves.
 *
 * @param fingerprint SHA-256 over every payment (id, time, amount, currency) and every outcome, in a fixed order: the
 *                    same window of the same data always gives the same fingerprint, so a registered model says
 *                    exactly what it learnt from
 */
public record DeploymentHistory(Instant from, Instant to, List<Payment> payments, Map<String, Label> labels,
                                long frauds, String fingerprint) {

    static final int PAGE = 10_000;
    private static final String PAYMENTS = """
            SELECT id::text, account_id, card_fingerprint, merchant_id, merchant_category, channel, amount, currency,
                   country, lat, lon, created_at
            FROM transactions
            WHERE created_at >= ? AND created_at < ?
            ORDER BY created_at, id""";
    private static final String TRIAGE_TABLE = "SELECT to_regclass('dashboard.alert_triage') IS NOT NULL";
    /** Without the dashboard's schema (never deployed there), chargebacks are the only outcomes. */
    private static final String CHARGEBACKS_ONLY = """
            SELECT id::text, true, updated_at FROM transactions
            WHERE status = 'CHARGEBACK' AND created_at >= ? AND created_at < ?""";

    /** Reads the window [from, to) of the database at {@code jdbcUrl}. */
    public static DeploymentHistory read(String jdbcUrl, String user, String password, Instant from, Instant to)
            throws SQLException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window must end after it starts: " + from + " to " + to);
        }
        MessageDigest digest = sha256();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setReadOnly(true);
            // A cursor streams only inside a transaction: the driver then fetches PAGE rows at a time.
            db.setAutoCommit(false);
            List<Payment> payments = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement(PAYMENTS)) {
                select.setFetchSize(PAGE);
                select.setTimestamp(1, Timestamp.from(from));
                select.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Payment payment = payment(rows);
                        payments.add(payment);
                        update(digest, payment.id(), Long.toString(payment.time()), rows.getBigDecimal(7).toPlainString(),
                                payment.currency());
                    }
                }
            }
            Map<String, Label> labels = new TreeMap<>();
            long frauds = 0;
            try (PreparedStatement outcomes = db.prepareStatement(triageExists(db) ? outcomesQuery() : CHARGEBACKS_ONLY)) {
                outcomes.setFetchSize(PAGE);
                for (int i = 1; i <= outcomes.getParameterMetaData().getParameterCount(); i += 2) {
                    outcomes.setTimestamp(i, Timestamp.from(from));
                    outcomes.setTimestamp(i + 1, Timestamp.from(to));
                }
                try (ResultSet rows = outcomes.executeQuery()) {
                    while (rows.next()) {
                        boolean fraud = rows.getBoolean(2);
                        labels.put(rows.getString(1), new Label(fraud, rows.getTimestamp(3).toInstant().toEpochMilli()));
                        frauds += fraud ? 1 : 0;
                    }
                }
            }
            labels.forEach((id, label) -> update(digest, id, Boolean.toString(label.fraud()),
                    Long.toString(label.knownAt())));
            db.rollback();
            return new DeploymentHistory(from, to, payments, labels, frauds, "sha256:"
                    + HexFormat.of().formatHex(digest.digest()));
        }
    }

    private static Payment payment(ResultSet rows) throws SQLException {
        double lat = rows.getDouble(10);
        boolean noLat = rows.wasNull();
        double lon = rows.getDouble(11);
        boolean noLon = rows.wasNull();
        return new Payment(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getBigDecimal(7).doubleValue(), rows.getString(8),
                rows.getString(9), noLat ? Double.NaN : lat, noLon ? Double.NaN : lon,
                rows.getTimestamp(12).toInstant().toEpochMilli());
    }

    private static boolean triageExists(Connection db) throws SQLException {
        try (PreparedStatement check = db.prepareStatement(TRIAGE_TABLE); ResultSet row = check.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    static String outcomesQuery() {
        try (InputStream in = DeploymentHistory.class.getResourceAsStream("/sql/payment-outcomes.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The outcomes query is part of this jar", e);
        }
    }

    private static void update(MessageDigest digest, String... fields) {
        for (String field : fields) {
            digest.update(String.valueOf(field).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0x1f);
        }
        digest.update((byte) 0x1e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
