package dev.frauddetection.ingest.service;

import dev.frauddetection.ingest.model.Transaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes the transactions table with the reactive PostgreSQL client. */
@ApplicationScoped
public class TransactionStore {

    private static final String COLUMNS = "id, account_id, card_fingerprint, card_last4, bank_id, payment_system, channel, "
            + "amount, currency, merchant_id, merchant_name, merchant_category, country, lat, lon, created_at, status";

    // ON CONFLICT makes a retried insert with the same id harmless: the first write wins, no second row appears.
    private static final String INSERT = "INSERT INTO transactions (" + COLUMNS + ") VALUES "
            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (id) DO NOTHING";

    private final Pool pool;

    public TransactionStore(Pool pool) {
        this.pool = pool;
    }

    /** Inserts one transaction; true if it was new, false if a row with this id already existed. */
    public Uni<Boolean> insert(Transaction tx) {
        return pool.preparedQuery(INSERT).execute(toTuple(tx)).map(rows -> rows.rowCount() == 1);
    }

    /** Inserts a batch in one round trip (a single pipelined prepared statement). */
    public Uni<Integer> insertAll(List<Transaction> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery(INSERT).executeBatch(batch.stream().map(TransactionStore::toTuple).toList())
                .map(TransactionStore::totalRowCount);
    }

    public Uni<Optional<Transaction>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM transactions WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(fromRow(rows.iterator().next())));
    }

    private static int totalRowCount(RowSet<Row> rows) {
        int total = 0;
        for (RowSet<Row> r = rows; r != null; r = r.next()) {
            total += r.rowCount();
        }
        return total;
    }

    private static Tuple toTuple(Transaction tx) {
        // Arrays.asList, unlike List.of, keeps the nulls of absent optional columns.
        return Tuple.from(Arrays.asList(tx.id(), tx.accountId(), tx.cardFingerprint(), tx.cardLast4(), tx.bankId(),
                tx.paymentSystem(), tx.channel(), tx.amount(), tx.currency(), tx.merchantId(), tx.merchantName(),
                tx.merchantCategory(), tx.country(), tx.lat(), tx.lon(), tx.createdAt(), tx.status()));
    }

    private static Transaction fromRow(Row row) {
        return new Transaction(row.getUUID("id"), row.getString("account_id"), row.getString("card_fingerprint"),
                row.getString("card_last4"), row.getString("bank_id"), row.getString("payment_system"),
                row.getString("channel"), row.getBigDecimal("amount"), row.getString("currency"),
                row.getString("merchant_id"), row.getString("merchant_name"), row.getString("merchant_category"),
                row.getString("country"), row.getDouble("lat"), row.getDouble("lon"),
                row.getOffsetDateTime("created_at"), row.getString("status"));
    }
}
