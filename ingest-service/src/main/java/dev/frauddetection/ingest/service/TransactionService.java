package dev.frauddetection.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.model.TransactionStatus;
import dev.frauddetection.ingest.request.NewTransaction;
import dev.frauddetection.ingest.service.RejectedRequest.FieldError;
import dev.frauddetection.ingest.service.RejectedRequest.Kind;
import dev.frauddetection.ingest.service.WriteOutcome.Effect;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the API does with payments, each operation in one database transaction so that nothing is half-written:
 * a batch is stored entirely or not at all, and an Idempotency-Key is recorded together with the rows it answered for.
 */
@ApplicationScoped
public class TransactionService {

    /** One batch item's fate. */
    public record ItemResult(int index, UUID id, String outcome) {
    }

    public record BatchResult(int created, int existing, List<ItemResult> results) {
    }

    private final Pool pool;
    private final TransactionStore store;
    private final IdempotencyKeys keys;
    private final ObjectMapper json;
    private final IngestMetrics metrics;

    public TransactionService(Pool pool, TransactionStore store, IdempotencyKeys keys, ObjectMapper json,
                              IngestMetrics metrics) {
        this.pool = pool;
        this.store = store;
        this.keys = keys;
        this.json = json;
        this.metrics = metrics;
    }

    public Uni<WriteOutcome> create(NewTransaction request, String idempotencyKey) {
        Transaction tx = request.toTransaction(UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC));
        return inTransaction(request, idempotencyKey, conn -> insertOne(conn, request, tx), "create", 1);
    }

    /** All items are validated by the caller; here they are written together or, on any conflict, not at all. */
    public Uni<WriteOutcome> createBatch(List<NewTransaction> items, String idempotencyKey) {
        rejectRepeatedIds(items);
        OffsetDateTime receivedAt = OffsetDateTime.now(ZoneOffset.UTC);
        List<Transaction> txs = items.stream().map(item -> item.toTransaction(UUID.randomUUID(), receivedAt)).toList();
        return inTransaction(items, idempotencyKey, conn -> insertBatch(conn, items, txs), "create-batch", items.size());
    }

    public Uni<Transaction> get(UUID id) {
        return store.find(pool, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** A change to the status the payment already has is a harmless retry: no update, no second change event. */
    public Uni<Transaction> changeStatus(UUID id, TransactionStatus target) {
        return pool.withTransaction(conn -> store.changeStatus(conn, id, target).chain(changed -> changed.isPresent()
                ? Uni.createFrom().item(changed.get())
                : store.find(conn, id).map(current -> {
                    Transaction tx = current.orElseThrow(() -> notFound(id));
                    if (tx.status() == target) {
                        return tx;
                    }
                    throw RejectedRequest.field(Kind.CONFLICT, "status", "cannot change from " + tx.status()
                            + " to " + target + "; allowed from " + target.allowedPredecessors());
                })))
                .invoke(tx -> metrics.accepted("status-" + target.name().toLowerCase(), 0));
    }

    public Uni<Void> delete(UUID id) {
        return store.delete(pool, id).invoke(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            metrics.accepted("delete", 0);
        }).replaceWithVoid();
    }

    private Uni<WriteOutcome> inTransaction(Object request, String idempotencyKey, Function<SqlConnection, Uni<WriteOutcome>> work,
                                       String operation, int transactions) {
        long started = System.nanoTime();
        Uni<WriteOutcome> outcome = idempotencyKey == null
                ? pool.withTransaction(work)
                : pool.withTransaction(conn -> keys.claim(conn, idempotencyKey, hash(request)).chain(stored -> stored
                        .map(replay -> Uni.createFrom().item(replay))
                        .orElseGet(() -> work.apply(conn).call(fresh -> keys.record(conn, idempotencyKey, fresh)))));
        return outcome.invoke(done -> {
            metrics.written(Duration.ofNanos(System.nanoTime() - started));
            metrics.accepted(operation, transactions);
        });
    }

    private Uni<WriteOutcome> insertOne(SqlConnection conn, NewTransaction request, Transaction tx) {
        return store.insert(conn, tx).chain(created -> created
                ? Uni.createFrom().item(new WriteOutcome(Effect.CREATED, toJson(tx)))
                : store.find(conn, tx.id()).map(existing -> {
                    Transaction stored = existing.orElseThrow();
                    if (!request.describes(stored)) {
                        throw RejectedRequest.field(Kind.CONFLICT, "id", "already identifies a different transaction");
                    }
                    return new WriteOutcome(Effect.STORED, toJson(stored));
                }));
    }

    private Uni<WriteOutcome> insertBatch(SqlConnection conn, List<NewTransaction> items, List<Transaction> txs) {
        return store.insertAll(conn, txs).chain(inserted -> {
            List<UUID> existingIds = new ArrayList<>();
            for (int i = 0; i < txs.size(); i++) {
                if (!inserted.get(i)) {
                    existingIds.add(txs.get(i).id());
                }
            }
            Uni<List<Transaction>> existing = existingIds.isEmpty()
                    ? Uni.createFrom().item(List.of()) : store.findAll(conn, existingIds);
            return existing.map(found -> batchResult(items, txs, inserted, found));
        });
    }

    private WriteOutcome batchResult(List<NewTransaction> items, List<Transaction> txs, List<Boolean> inserted,
                                List<Transaction> existing) {
        Map<UUID, Transaction> byId = new HashMap<>();
        existing.forEach(tx -> byId.put(tx.id(), tx));
        List<ItemResult> results = new ArrayList<>(txs.size());
        List<FieldError> conflicts = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            UUID id = txs.get(i).id();
            if (inserted.get(i)) {
                results.add(new ItemResult(i, id, "CREATED"));
            } else if (items.get(i).describes(byId.get(id))) {
                results.add(new ItemResult(i, id, "EXISTING"));
            } else {
                conflicts.add(new FieldError("[" + i + "].id", "already identifies a different transaction"));
            }
        }
        if (!conflicts.isEmpty()) {
            // Thrown inside the database transaction: every row of this batch is rolled back.
            throw new RejectedRequest(Kind.CONFLICT, conflicts.size() + " item(s) reuse the id of a different "
                    + "transaction; nothing of this batch was written", conflicts);
        }
        int created = (int) results.stream().filter(r -> r.outcome().equals("CREATED")).count();
        return new WriteOutcome(Effect.STORED, toJson(new BatchResult(created, results.size() - created, results)));
    }

    private static void rejectRepeatedIds(List<NewTransaction> items) {
        Map<UUID, Integer> firstIndex = new HashMap<>();
        List<FieldError> repeated = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            UUID id = items.get(i).id();
            if (id != null) {
                Integer first = firstIndex.putIfAbsent(id, i);
                if (first != null) {
                    repeated.add(new FieldError("[" + i + "].id", "repeats the id of item [" + first + "]"));
                }
            }
        }
        if (!repeated.isEmpty()) {
            throw new RejectedRequest(Kind.INVALID_REQUEST, "A batch must not contain the same id twice", repeated);
        }
    }

    private static RejectedRequest notFound(UUID id) {
        return new RejectedRequest(Kind.NOT_FOUND, "No transaction with id " + id);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
