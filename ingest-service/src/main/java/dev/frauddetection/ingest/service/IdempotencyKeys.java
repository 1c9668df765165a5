package dev.frauddetection.ingest.service;

import dev.frauddetection.ingest.config.IngestConfig;
import dev.frauddetection.ingest.service.WriteOutcome.Effect;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency-Key handling inside the caller's database transaction. Claiming a key inserts it; a concurrent request
 * with the same key blocks on the primary key until the first commits, then sees the stored answer. The answer is
 * stored in the same transaction as the rows it reports, so a key is never recorded for work that did not happen.
 * Keys are remembered for {@code fraud.ingest.idempotency-key-ttl} (24 h), then free again and purged.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /**
     * How an outcome's effect is stored in {@code response_status}: the HTTP statuses earlier versions stored there, kept
     * so that a key recorded before an upgrade is still replayed as what it was.
     */
    private static final int CREATED_CODE = 201;
    private static final int STORED_CODE = 200;

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    /** Rows deleted per statement, so that purging never holds many row locks or a long transaction. */
    private static final int PURGE_BATCH = 5_000;

    private final Duration ttl;
    private final Pool pool;

    public IdempotencyKeys(IngestConfig config, Pool pool) {
        this.ttl = config.idempotencyKeyTtl();
        this.pool = pool;
    }

    /**
     * Empty if this request now owns the key (new, or older than the TTL and so free again); the earlier answer if
     * the key was used within the TTL for the same request.
     */
    public Uni<Optional<WriteOutcome>> claim(SqlConnection conn, String key, String requestHash) {
        return conn.preparedQuery("INSERT INTO idempotency_keys (idempotency_key, request_hash, response_status, "
                        + "response_body) VALUES ($1, $2, 0, '') ON CONFLICT (idempotency_key) DO UPDATE SET "
                        + "request_hash = EXCLUDED.request_hash, response_status = 0, response_body = '', created_at = now() "
                        + "WHERE idempotency_keys.created_at < now() - make_interval(secs => $3)")
                .execute(Tuple.of(key, requestHash, (double) ttl.toSeconds()))
                .chain(claimed -> claimed.rowCount() == 1
                        ? Uni.createFrom().item(Optional.<WriteOutcome>empty())
                        : stored(conn, key, requestHash).map(Optional::of));
    }

    private Uni<WriteOutcome> stored(SqlConnection conn, String key, String requestHash) {
        return conn.preparedQuery("SELECT request_hash, response_status, response_body FROM idempotency_keys "
                        + "WHERE idempotency_key = $1").execute(Tuple.of(key))
                .map(rows -> {
                    var row = rows.iterator().next();
                    if (!requestHash.equals(row.getString("request_hash"))) {
                        throw RejectedRequest.field(RejectedRequest.Kind.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key",
                                "was already used for a different request body");
                    }
                    Effect effect = row.getInteger("response_status") == CREATED_CODE ? Effect.CREATED : Effect.STORED;
                    return new WriteOutcome(effect, row.getString("response_body"));
                });
    }

    @Scheduled(every = "${fraud.ingest.idempotency-key-purge-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeOnSchedule() {
        return purgeExpired().replaceWithVoid();
    }

    /** Deletes the keys older than the TTL, a batch at a time; returns how many. */
    public Uni<Long> purgeExpired() {
        return purgeBatch().onItem().transformToUni(deleted -> deleted < PURGE_BATCH
                ? Uni.createFrom().item((long) deleted)
                : purgeExpired().map(more -> more + deleted))
                .invoke(total -> {
                    if (total > 0) {
                        LOG.debugf("Forgot %d Idempotency-Keys older than %s", total, ttl);
                    }
                });
    }

    private Uni<Integer> purgeBatch() {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE idempotency_key IN (SELECT idempotency_key "
                        + "FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)")
                .execute(Tuple.of((double) ttl.toSeconds(), PURGE_BATCH))
                .map(SqlResult::rowCount);
    }

    public Uni<Void> record(SqlConnection conn, String key, WriteOutcome outcome) {
        return conn.preparedQuery("UPDATE idempotency_keys SET response_status = $2, response_body = $3 "
                        + "WHERE idempotency_key = $1")
                .execute(Tuple.of(key, outcome.effect() == Effect.CREATED ? CREATED_CODE : STORED_CODE,
                        outcome.representation()))
                .replaceWithVoid();
    }
}
