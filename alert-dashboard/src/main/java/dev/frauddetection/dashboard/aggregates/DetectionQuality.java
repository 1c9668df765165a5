package dev.frauddetection.dashboard.aggregates;

import dev.frauddetection.dashboard.config.DashboardConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Precision and recall of the stored alerts against the simulator's ground truth (ingest-service's fraud_labels),
 * over payments of a recent event-time window that ends a little in the past, so payments still in the pipeline do
 * not count as missed. Only labels and alerts are read (each a small share of the payments), joined by primary key.
 * Payments from writers other than the simulator have no label and count against precision: the figures mean
 * something while the simulator runs, and {@code available} is false when the window holds no labels at all.
 */
@ApplicationScoped
public class DetectionQuality {

    private static final Logger LOG = Logger.getLogger(DetectionQuality.class);

    private static final String QUERY = """
            WITH labelled AS (
                SELECT l.transaction_id::text AS tx FROM fraud_labels l JOIN transactions t ON t.id = l.transaction_id
                WHERE t.created_at >= $1 AND t.created_at < $2),
            alerted AS (
                SELECT transaction_id AS tx FROM fraud_alert WHERE event_time >= $1 AND event_time < $2)
            SELECT (SELECT count(*) FROM labelled) AS labelled,
                   (SELECT count(*) FROM alerted) AS alerted,
                   (SELECT count(*) FROM alerted JOIN labelled USING (tx)) AS caught
            """;

    private final PgPool pool;
    private final DashboardConfig.Aggregates config;
    private volatile Snapshot.Quality last = Snapshot.Quality.none();

    public DetectionQuality(PgPool pool, DashboardConfig config) {
        this.pool = pool;
        this.config = config.aggregates();
    }

    public Snapshot.Quality last() {
        return last;
    }

    @Scheduled(every = "${fraud.dashboard.aggregates.quality-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        Instant to = Instant.now().minus(config.qualitySettle());
        return measure(to.minus(config.qualityWindow()), to)
                .invoke(quality -> last = quality)
                .onFailure().invoke(e -> LOG.debugf("Detection quality not measured: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<Snapshot.Quality> measure(Instant from, Instant to) {
        return pool.preparedQuery(QUERY).execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long labelled = row.getLong("labelled");
                    long alerted = row.getLong("alerted");
                    long caught = row.getLong("caught");
                    return new Snapshot.Quality(labelled > 0, labelled, alerted, caught,
                            alerted == 0 ? null : caught / (double) alerted,
                            labelled == 0 ? null : caught / (double) labelled, from, to);
                });
    }
}
