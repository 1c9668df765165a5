package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import dev.frauddetection.ingest.support.Rows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.frauddetection.ingest.rest.TransactionApiTest.payment;
import static dev.frauddetection.ingest.rest.TransactionApiTest.problem;
import static dev.frauddetection.ingest.rest.TransactionApiTest.withField;
import static dev.frauddetection.ingest.support.CallerTokens.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;

/** Batches are all or nothing: every item stored (or found stored, for a retry) or none. */
@QuarkusTest
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class BatchApiTest {

    @Inject
    Rows rows;

    @Test
    void storesEveryItemOfAValidBatch() {
        writer().contentType(ContentType.JSON).body(batch("acc-batch-ok", 50))
                .post("/api/transactions/batch")
                .then().statusCode(200)
                .body("created", equalTo(50))
                .body("existing", equalTo(0))
                .body("results.outcome", everyItem(equalTo("CREATED")));

        assertThat(accountRows("acc-batch-ok")).isEqualTo(50);
    }

    @Test
    void oneInvalidItemRefusesTheWholeBatchNamingEveryFault() {
        List<String> items = items("acc-batch-bad", 5);
        items.set(1, withField(items.get(1), "amount", "\"-1\""));
        items.set(3, withField(items.get(3), "currency", "\"XYZ\""));

        problem(writer().contentType(ContentType.JSON).body("[" + String.join(",", items) + "]")
                .post("/api/transactions/batch").then(), 400, "[1].amount")
                .body("errors.field", hasItems("[1].amount", "[3].currency"));

        assertThat(accountRows("acc-batch-bad")).isZero();
    }

    @Test
    void aMalformedItemRefusesTheWholeBatch() {
        List<String> items = items("acc-batch-type", 3);
        items.set(2, withField(items.get(2), "amount", "[1, 2]"));

        problem(writer().contentType(ContentType.JSON).body("[" + String.join(",", items) + "]")
                .post("/api/transactions/batch").then(), 400, "[2].amount");
        problem(writer().contentType(ContentType.JSON).body("[" + items.getFirst() + ", null]")
                .post("/api/transactions/batch").then(), 400, "[1]");
        assertThat(accountRows("acc-batch-type")).isZero();
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        long before = rows.transactions();

        problem(writer().contentType(ContentType.JSON).body(batch("acc-batch-big", 1001))
                .post("/api/transactions/batch").then(), 413, "body");
        problem(writer().contentType(ContentType.JSON).body("[]")
                .post("/api/transactions/batch").then(), 400, "body");

        assertThat(rows.transactions()).isEqualTo(before);
    }

    @Test
    void theSameIdTwiceInOneBatchIsRefused() {
        String id = UUID.randomUUID().toString();
        String body = "[" + payment(id, "acc-batch-dup", "1.00") + "," + payment(null, "acc-batch-dup", "2.00") + ","
                + payment(id, "acc-batch-dup", "1.00") + "]";

        problem(writer().contentType(ContentType.JSON).body(body).post("/api/transactions/batch").then(), 400, "[2].id");
        assertThat(accountRows("acc-batch-dup")).isZero();
    }

    @Test
    void aRetriedBatchFindsItsItemsStoredAndWritesNothingTwice() {
        String body = batchWithIds("acc-batch-retry", 20);
        writer().contentType(ContentType.JSON).body(body).post("/api/transactions/batch")
                .then().statusCode(200).body("created", equalTo(20));

        writer().contentType(ContentType.JSON).body(body).post("/api/transactions/batch")
                .then().statusCode(200).body("created", equalTo(0)).body("existing", equalTo(20));

        assertThat(accountRows("acc-batch-retry")).isEqualTo(20);
    }

    @Test
    void anItemReusingTheIdOfADifferentPaymentRollsBackTheWholeBatch() {
        String taken = UUID.randomUUID().toString();
        writer().contentType(ContentType.JSON).body(payment(taken, "acc-batch-owner", "5.00"))
                .post("/api/transactions").then().statusCode(201);
        String body = "[" + payment(null, "acc-batch-clash", "1.00") + "," + payment(taken, "acc-batch-clash", "9.99") + "]";

        problem(writer().contentType(ContentType.JSON).body(body).post("/api/transactions/batch").then(), 409, "[1].id");

        assertThat(accountRows("acc-batch-clash")).as("the new first item was rolled back too").isZero();
    }

    @Test
    void anIdempotencyKeyReplaysTheBatchAnswer() {
        String key = "batch-" + UUID.randomUUID();
        String first = writer().contentType(ContentType.JSON).header("Idempotency-Key", key).body(batch("acc-batch-key", 3))
                .post("/api/transactions/batch").then().statusCode(200).extract().asString();
        String replay = writer().contentType(ContentType.JSON).header("Idempotency-Key", key).body(batch("acc-batch-key", 3))
                .post("/api/transactions/batch").then().statusCode(200).extract().asString();

        assertThat(replay).isEqualTo(first);
        assertThat(accountRows("acc-batch-key")).isEqualTo(3);
    }

    private long accountRows(String account) {
        return rows.count("SELECT count(*) FROM transactions WHERE account_id = $1", account);
    }

    private static String batch(String account, int size) {
        return "[" + String.join(",", items(account, size)) + "]";
    }

    private static String batchWithIds(String account, int size) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(payment(UUID.randomUUID().toString(), account, (i + 1) + ".00"));
        }
        return "[" + String.join(",", items) + "]";
    }

    private static List<String> items(String account, int size) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(payment(null, account, (i + 1) + ".00"));
        }
        return items;
    }
}
