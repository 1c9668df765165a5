package dev.frauddetection.ingest.bench;

import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import dev.frauddetection.ingest.support.Rows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.frauddetection.ingest.support.CallerTokens.simulator;
import static dev.frauddetection.ingest.support.CallerTokens.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How fast the simulator's batch mode writes transactions (with their labels) into a real, durable PostgreSQL on this
 * machine. Prints its figures; it is not part of the normal test run:
 * {@code ./mvnw -pl ingest-service verify -Pbenchmark} (optionally {@code -Dbench.count=500000}).
 */
@Tag("benchmark")
@QuarkusTest
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class BatchWriteBenchmark {

    @Inject
    Rows rows;

    @Test
    void batchModeWriteRate() {
        int count = Integer.getInteger("bench.count", 200_000);
        runBatch(20_000, 1);
        long before = rows.transactions();

        long started = System.nanoTime();
        JsonPath result = runBatch(count, 2);
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        long written = rows.transactions() - before;

        assertThat(written).isEqualTo(count);
        System.out.printf("%nBENCHMARK batch write: %d transactions (+%d fraud labels) in %.2f s = %.0f transactions/s "
                        + "(service-reported %.0f/s), PostgreSQL 17 with fsync and synchronous_commit on, %d cores%n%n",
                written, rows.count("SELECT count(*) FROM fraud_labels"), wallSeconds, written / wallSeconds,
                result.getDouble("last_batch.transactions_per_second"), Runtime.getRuntime().availableProcessors());
    }

    private static JsonPath runBatch(int count, long seed) {
        simulator().contentType(ContentType.JSON).body("{\"count\": " + count + ", \"seed\": " + seed + "}")
                .post("/api/simulator/batches").then().statusCode(202);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                simulator().get("/api/simulator").jsonPath().getString("last_batch.finished_at") != null);
        JsonPath status = simulator().get("/api/simulator").jsonPath();
        assertThat(status.getString("last_batch.error")).isNull();
        return status;
    }
}
