package dev.frauddetection.dashboard.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Rows as their owners write them: a payment (ingest-service), its alert (detector), its label (simulator). */
public final class Rows {

    private Rows() {
    }

    public static String payment(String account, String merchant, String cardLast4, String amount, Instant at)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = UpstreamResource.connection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO transactions (id, account_id, card_fingerprint, card_last4, bank_id, payment_system,
                  channel, amount, currency, merchant_id, created_at)
                VALUES (?::uuid, ?, 'fp-test', ?, 'bank-a', 'VISA', 'ONLINE', ?::numeric, 'EUR', ?, ?)""")) {
            st.setString(1, id);
            st.setString(2, account);
            st.setString(3, cardLast4);
            st.setString(4, amount);
            st.setString(5, merchant);
            st.setTimestamp(6, Timestamp.from(at));
            st.executeUpdate();
        }
        return id;
    }

    public static void alert(String transactionId, String account, String merchant, String amount, double score,
                             String decision, String[] rules, String[] reasons, Instant at) throws SQLException {
        try (Connection c = UpstreamResource.connection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO fraud_alert (transaction_id, account_id, merchant_id, amount, currency, score, decision,
                  rules, reasons, model_version, rule_set_version, event_time, decided_at)
                VALUES (?, ?, ?, ?::numeric, 'EUR', ?, ?, ?, ?, 'model-test', 1, ?, ?)""")) {
            st.setString(1, transactionId);
            st.setString(2, account);
            st.setString(3, merchant);
            st.setString(4, amount);
            st.setDouble(5, score);
            st.setString(6, decision);
            st.setArray(7, c.createArrayOf("text", rules));
            st.setArray(8, c.createArrayOf("text", reasons));
            st.setTimestamp(9, Timestamp.from(at));
            st.setTimestamp(10, Timestamp.from(at.plusMillis(150)));
            st.executeUpdate();
        }
    }

    public static void label(String transactionId, Instant at) throws SQLException {
        try (Connection c = UpstreamResource.connection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO fraud_labels (transaction_id, scenario, labelled_at) VALUES (?::uuid, 'high-amount', ?)")) {
            st.setString(1, transactionId);
            st.setTimestamp(2, Timestamp.from(at));
            st.executeUpdate();
        }
    }

    public static void execute(String sql) throws SQLException {
        try (Connection c = UpstreamResource.connection(); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public static String string(String sql, String arg) throws SQLException {
        try (Connection c = UpstreamResource.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
