package dev.frauddetection.ingest.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;

/** Reads the database straight, to check what a request did or did not write. */
@ApplicationScoped
public class Rows {

    private final Pool pool;

    public Rows(Pool pool) {
        this.pool = pool;
    }

    public long count(String sql, Object... params) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        return row.getLong(0);
    }

    public long transactions() {
        return count("SELECT count(*) FROM transactions");
    }

    public void execute(String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(params))).await().atMost(Duration.ofSeconds(10));
    }
}
