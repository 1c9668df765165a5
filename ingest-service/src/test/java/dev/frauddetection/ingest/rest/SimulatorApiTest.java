package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import dev.frauddetection.ingest.support.Rows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.frauddetection.ingest.rest.TransactionApiTest.payment;
import static dev.frauddetection.ingest.rest.TransactionApiTest.problem;
import static dev.frauddetection.ingest.support.CallerTokens.simulator;
import static dev.frauddetection.ingest.support.CallerTokens.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The simulator against a real PostgreSQL: batches, streaming control, labels, and the chargeback desk. */
@QuarkusTest
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class SimulatorApiTest {

    @Inject
    Rows rows;

    @Test
    void aBatchWritesItsPaymentsWithLabelsAndTheSameSeedWritesNothingNew() {
        long before = rows.transactions();
        // A fixed end: two histories ending a second apart differ once they straddle an hour differently (accounts are
        // picked by their activity at the hour), which failed this test in a run just after 19:00 when both ended at now.
        // This one ends just after an hour two hours back, so its history straddles that hour, far from anything
        // written at now.
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).plusSeconds(20);
        String inWindow = "SELECT count(*) FROM transactions WHERE created_at > '" + end.minus(Duration.ofDays(1))
                + "'::timestamptz AND created_at <= '" + end.plus(Duration.ofHours(1)) + "'::timestamptz";
        long inWindowBefore = rows.count(inWindow);

        runBatch(3000, 7, end);
        assertThat(rows.transactions() - before).isEqualTo(3000);
        assertThat(rows.count(inWindow) - inWindowBefore).as("the history ends at the end asked for").isEqualTo(3000);
        long labels = rows.count("SELECT count(*) FROM fraud_labels");
        assertThat(labels).as("the batch's frauds are labelled").isPositive();
        assertThat(rows.count("SELECT count(*) FROM fraud_labels l LEFT JOIN transactions t ON t.id = l.transaction_id "
                + "WHERE t.id IS NULL")).as("no label without its payment").isZero();

        runBatch(3000, 7, end);
        assertThat(rows.transactions() - before).as("same seed and end, same payments: nothing new").isEqualTo(3000);
        simulator().get("/api/simulator").then().body("last_batch.written", equalTo(0));
    }

    @Test
    void streamingStartsAtTheGivenRateAndStops() {
        long before = rows.transactions();
        simulator().contentType(ContentType.JSON).body("{\"running\": true, \"rate\": 200}")
                .put("/api/simulator/streaming").then().statusCode(200)
                .body("streaming", equalTo(true)).body("rate", equalTo(200.0f));

        await().atMost(Duration.ofSeconds(10)).until(() -> rows.transactions() - before > 100);
        simulator().contentType(ContentType.JSON).body("{\"running\": false}")
                .put("/api/simulator/streaming").then().statusCode(200).body("streaming", equalTo(false));

        long stopped = settle();
        assertThat(rows.transactions()).as("no writes after stopping").isEqualTo(stopped);
    }

    @Test
    void theChargebackDeskConfirmsDueFraudsOnly() {
        String due = created("acc-sim-due");
        String later = created("acc-sim-later");
        OffsetDateTime now = OffsetDateTime.now();
        rows.execute("INSERT INTO fraud_labels (transaction_id, scenario, labelled_at, chargeback_due) VALUES "
                + "($1, 'HIGH_AMOUNT', $2, $3), ($4, 'HIGH_AMOUNT', $2, $5)",
                UUID.fromString(due), now, now.minusSeconds(1), UUID.fromString(later), now.plusHours(1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                writer().get("/api/transactions/" + due).then().body("status", equalTo("CHARGEBACK")));
        writer().get("/api/transactions/" + later).then().body("status", equalTo("AUTHORIZED"));
    }

    @Test
    void refusesBadControlRequests() {
        problem(simulator().contentType(ContentType.JSON).body("{\"count\": 0}").post("/api/simulator/batches").then(), 400, "count");
        problem(simulator().contentType(ContentType.JSON).body("{\"count\": \"many\"}").post("/api/simulator/batches").then(), 400, "count");
        problem(simulator().contentType(ContentType.JSON).body("{\"count\": 10, \"end\": \"" + Instant.now().plusSeconds(3600) + "\"}")
                .post("/api/simulator/batches").then(), 400, "end");
        problem(simulator().contentType(ContentType.JSON).body("{\"count\": 10, \"end\": \"yesterday\"}")
                .post("/api/simulator/batches").then(), 400, "end");
        problem(simulator().contentType(ContentType.JSON).body("{\"running\": true, \"rate\": -5}")
                .put("/api/simulator/streaming").then(), 400, "rate");
        problem(simulator().contentType(ContentType.JSON).body("{}").put("/api/simulator/streaming").then(), 400, "running");
    }

    private void runBatch(int count, long seed, Instant end) {
        simulator().contentType(ContentType.JSON)
                .body("{\"count\": " + count + ", \"seed\": " + seed + ", \"end\": \"" + end + "\"}")
                .post("/api/simulator/batches").then().statusCode(202).body("requested", equalTo(count));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                simulator().get("/api/simulator").then().body("last_batch.finished_at", org.hamcrest.Matchers.notNullValue()));
        simulator().get("/api/simulator").then().body("last_batch.error", org.hamcrest.Matchers.nullValue());
    }

    private long settle() {
        long last = -1;
        long now = rows.transactions();
        while (now != last) {
            last = now;
            sleep();
            now = rows.transactions();
        }
        return now;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String created(String account) {
        return writer().contentType(ContentType.JSON).body(payment(null, account, "9000.00"))
                .post("/api/transactions").then().statusCode(201).extract().path("id");
    }
}
