package dev.frauddetection.ingest.service;

import dev.frauddetection.ingest.rest.problem.RejectedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Idempotency-Key handling inside the caller's database transaction. Claiming a key inserts it; a concurrent request
 * with the same key blocks on the primary key until the first commits, then sees the stored answer. The answer is
 * stored in the same transaction as the rows it reports, so a key is never recorded for work that did not happen.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** A stored answer to replay. */
    public record StoredResponse(int status, String body) {
    }

    /** Empty if this request now owns the key; the earlier answer if the key was used before for the same request. */
    public Uni<Optional<StoredResponse>> claim(SqlConnection conn, String key, String requestHash) {
        return conn.preparedQuery("INSERT INTO idempotency_keys (idempotency_key, request_hash, response_status, "
                        + "response_body) VALUES ($1, $2, 0, '') ON CONFLICT (idempotency_key) DO NOTHING")
                .execute(Tuple.of(key, requestHash))
                .chain(claimed -> claimed.rowCount() == 1
                        ? Uni.createFrom().item(Optional.<StoredResponse>empty())
                        : stored(conn, key, requestHash).map(Optional::of));
    }

    private Uni<StoredResponse> stored(SqlConnection conn, String key, String requestHash) {
        return conn.preparedQuery("SELECT request_hash, response_status, response_body FROM idempotency_keys "
                        + "WHERE idempotency_key = $1").execute(Tuple.of(key))
                .map(rows -> {
                    var row = rows.iterator().next();
                    if (!requestHash.equals(row.getString("request_hash"))) {
                        throw RejectedRequest.field(RejectedRequest.Kind.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key",
                                "was already used for a different request body");
                    }
                    return new StoredResponse(row.getInteger("response_status"), row.getString("response_body"));
                });
    }

    public Uni<Void> record(SqlConnection conn, String key, StoredResponse response) {
        return conn.preparedQuery("UPDATE idempotency_keys SET response_status = $2, response_body = $3 "
                        + "WHERE idempotency_key = $1")
                .execute(Tuple.of(key, response.status(), response.body()))
                .replaceWithVoid();
    }
}
