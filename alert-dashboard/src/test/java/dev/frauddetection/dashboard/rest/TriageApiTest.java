package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.support.FakeUpstream;
import dev.frauddetection.dashboard.support.Rows;
import dev.frauddetection.dashboard.support.UpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(UpstreamResource.class)
class TriageApiTest {

    private static RequestSpecification analyst() {
        return given().auth().preemptive().basic("analyst", "analyst-test").contentType(ContentType.JSON);
    }

    private static String storedAlert(String account) throws Exception {
        Instant at = Instant.parse("2026-04-01T10:00:00Z");
        String tx = Rows.payment(account, "m-t", "4242", "700.00", at);
        Rows.alert(tx, account, "m-t", "700.00", 0.8, "ALERT", new String[] {"high-amount"}, new String[] {"r"}, at);
        return tx;
    }

    @Test
    void confirmedFraudIsRecordedAndChargedBackThroughIngestOnce() throws Exception {
        String tx = storedAlert("acc-t1");
        FakeUpstream ingest = UpstreamResource.upstream();

        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\",\"note\":\"customer denies it\"}")
                .post("/api/alerts/" + tx + "/triage")
                .then().statusCode(201)
                .body("transaction_id", equalTo(tx))
                .body("outcome", equalTo("CONFIRMED_FRAUD"))
                .body("analyst", equalTo("analyst"))
                .body("feedback", equalTo("CHARGEBACK_RECORDED"));
        assertThat(ingest.statusRequests).filteredOn(r -> r.transactionId().equals(tx)).singleElement()
                .satisfies(r -> {
                    assertThat(r.body()).isEqualTo("{\"status\":\"CHARGEBACK\"}");
                    // with the dashboard's own token (role feedback), never the analyst's credentials
                    assertThat(r.authorization()).isEqualTo("Bearer test-token-for-the-fake-ingest");
                });
        assertThat(Rows.string("SELECT analyst || ' ' || outcome || ' ' || feedback FROM dashboard.alert_triage "
                + "WHERE transaction_id = ?", tx)).isEqualTo("analyst CONFIRMED_FRAUD CHARGEBACK_RECORDED");

        // A retry (a double click, a proxy resending) answers with the stored verdict and sends nothing again.
        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(200).body("note", equalTo("customer denies it"));
        assertThat(ingest.statusRequests).filteredOn(r -> r.transactionId().equals(tx)).hasSize(1);

        analyst().get("/api/alerts/" + tx).then().statusCode(200).body("triage", equalTo("CONFIRMED_FRAUD"))
                .body("triaged_by", equalTo("analyst"));
        analyst().get("/api/accounts/acc-t1/risk").then().statusCode(200)
                .body("confirmed_fraud", equalTo(1)).body("fraud_rate", equalTo(1.0f));
    }

    @Test
    void theOtherVerdictAfterwardsIsAConflict() throws Exception {
        String tx = storedAlert("acc-t2");
        analyst().body("{\"outcome\":\"FALSE_POSITIVE\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(201).body("feedback", equalTo("NOT_APPLICABLE"));

        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already triaged as FALSE_POSITIVE"));
        assertThat(UpstreamResource.upstream().statusRequests).noneMatch(r -> r.transactionId().equals(tx));
    }

    @Test
    void aChargebackIngestRefusesIsRecordedAsRejected() throws Exception {
        String tx = storedAlert("acc-t3");
        UpstreamResource.upstream().statusAnswers.put(tx, 409);

        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(201).body("feedback", equalTo("REJECTED"))
                .body("feedback_detail", containsString("409"));
    }

    @Test
    void feedbackIngestCouldNotTakeStaysPendingAndARetrySendsIt() throws Exception {
        String tx = storedAlert("acc-t4");
        UpstreamResource.upstream().statusAnswers.put(tx, 503);

        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(201).body("feedback", equalTo("PENDING"));

        UpstreamResource.upstream().statusAnswers.remove(tx);
        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(200).body("feedback", equalTo("CHARGEBACK_RECORDED"));
    }

    @Test
    void unknownAlertsAndBadVerdictsAreProblems() throws Exception {
        analyst().body("{\"outcome\":\"CONFIRMED_FRAUD\"}").post("/api/alerts/no-such-tx/triage")
                .then().statusCode(404).contentType("application/problem+json");
        String tx = storedAlert("acc-t5");
        analyst().body("{\"outcome\":\"MAYBE\"}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("outcome"));
        analyst().body("{}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(400).body("invalid_params[0].name", equalTo("outcome"));
        analyst().body("{\"outcome\":\"FALSE_POSITIVE\",\"note\":\"" + "x".repeat(501) + "\"}")
                .post("/api/alerts/" + tx + "/triage")
                .then().statusCode(400).body("invalid_params[0].name", equalTo("note"));
        analyst().body("{\"outcome\": [1]}").post("/api/alerts/" + tx + "/triage")
                .then().statusCode(400).contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("outcome"));
        assertThat(Rows.string("SELECT count(*) FROM dashboard.alert_triage WHERE transaction_id = ?", tx))
                .isEqualTo("0");
    }

    @Test
    void notesNeverKeepACardNumber() throws Exception {
        String tx = storedAlert("acc-t6");
        analyst().body("{\"outcome\":\"FALSE_POSITIVE\",\"note\":\"cardholder confirmed 4000 0000 0000 9995\"}")
                .post("/api/alerts/" + tx + "/triage")
                .then().statusCode(201).body("note", equalTo("cardholder confirmed •••• 9995"));
    }
}
