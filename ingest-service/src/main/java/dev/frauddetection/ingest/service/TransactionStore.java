package dev.frauddetection.ingest.service;

import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.model.TransactionStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for the transactions table over the reactive PostgreSQL client. Every method takes the client to run on, so
 * callers can combine several statements in one database transaction.
 */
@ApplicationScoped
public class TransactionStore {

    static final String COLUMNS = "id, account_id, card_fingerprint, card_last4, bank_id, payment_system, channel, "
            + "amount, currency, merchant_id, merchant_name, merchant_category, country, lat, lon, created_at, status";

    // ON CONFLICT makes a retried insert with the same id harmless: the first write wins, no second row appears.
    private static final String INSERT = "INSERT INTO transactions (" + COLUMNS + ") VALUES "
            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
            + "ON CONFLICT (id) DO NOTHING RETURNING id";

    /** Inserts one transaction; true if it was new, false if a row with this id already existed. */
    public Uni<Boolean> insert(SqlClient sql, Transaction tx) {
        return sql.preparedQuery(INSERT).execute(toTuple(tx)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Inserts many transactions as one pipelined prepared statement. Returns, in input order, whether each row was
     * new; callers wanting all-or-nothing run this inside a database transaction.
     */
    public Uni<List<Boolean>> insertAll(SqlClient sql, List<Transaction> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return sql.preparedQuery(INSERT).executeBatch(batch.stream().map(TransactionStore::toTuple).toList())
                .map(TransactionStore::perTupleInserted);
    }

    public Uni<Optional<Transaction>> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM transactions WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
    }

    public Uni<List<Transaction>> findAll(SqlClient sql, List<UUID> ids) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM transactions WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Transaction> found = new ArrayList<>();
                    rows.forEach(row -> found.add(fromRow(row)));
                    return found;
                });
    }

    /** Moves a payment to {@code target} only from a legal predecessor, atomically; empty if it was not moved. */
    public Uni<Optional<Transaction>> changeStatus(SqlClient sql, UUID id, TransactionStatus target) {
        String[] from = target.allowedPredecessors().stream().map(Enum::name).toArray(String[]::new);
        return sql.preparedQuery("UPDATE transactions SET status = $2 WHERE id = $1 AND status = ANY($3) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, target.name(), from))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
    }

    public Uni<Boolean> delete(SqlClient sql, UUID id) {
        return sql.preparedQuery("DELETE FROM transactions WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private static List<Boolean> perTupleInserted(RowSet<Row> first) {
        List<Boolean> inserted = new ArrayList<>();
        for (RowSet<Row> rows = first; rows != null; rows = rows.next()) {
            inserted.add(rows.rowCount() == 1);
        }
        return inserted;
    }

    static Tuple toTuple(Transaction tx) {
        // Arrays.asList, unlike List.of, keeps the nulls of absent optional columns.
        return Tuple.from(Arrays.asList(tx.id(), tx.accountId(), tx.cardFingerprint(), tx.cardLast4(), tx.bankId(),
                tx.paymentSystem(), tx.channel(), tx.amount(), tx.currency(), tx.merchantId(), tx.merchantName(),
                tx.merchantCategory(), tx.country(), tx.lat(), tx.lon(), tx.createdAt(), tx.status().name()));
    }

    static Transaction fromRow(Row row) {
        return new Transaction(row.getUUID("id"), row.getString("account_id"), row.getString("card_fingerprint"),
                row.getString("card_last4"), row.getString("bank_id"), row.getString("payment_system"),
                row.getString("channel"), row.getBigDecimal("amount"), row.getString("currency"),
                row.getString("merchant_id"), row.getString("merchant_name"), row.getString("merchant_category"),
                row.getString("country"), row.getDouble("lat"), row.getDouble("lon"),
                row.getOffsetDateTime("created_at"), TransactionStatus.valueOf(row.getString("status")));
    }
}
