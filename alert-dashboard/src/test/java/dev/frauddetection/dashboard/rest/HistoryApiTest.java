package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.aggregates.DetectionQuality;
import dev.frauddetection.dashboard.aggregates.Snapshot;
import dev.frauddetection.dashboard.support.Rows;
import dev.frauddetection.dashboard.support.UpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(UpstreamResource.class)
class HistoryApiTest {

    /** Event times of this class' alerts: a day of its own, so other test classes' rows never mix in. */
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final String FROM = "2026-03-01T00:00:00Z";
    private static final String TO = "2026-03-02T00:00:00Z";

    @Inject
    DetectionQuality quality;

    @BeforeAll
    static void storeAlerts() throws Exception {
        // 12 alerts for acc-h1 (decisions and rules alternate), 3 for acc-h2, one with a quote and comma in a reason.
        for (int i = 0; i < 12; i++) {
            Instant at = DAY.plus(Duration.ofMinutes(i));
            String tx = Rows.payment("acc-h1", "m-h", "4242", "100.00", at);
            Rows.alert(tx, "acc-h1", "m-h", "100.00", 0.5 + i / 100.0, i % 2 == 0 ? "ALERT" : "BLOCK",
                    new String[] {i % 3 == 0 ? "velocity-burst" : "high-amount"},
                    new String[] {"reason " + i}, at);
            if (i < 4) {
                Rows.label(tx, at);
            }
        }
        for (int i = 0; i < 3; i++) {
            Instant at = DAY.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(i));
            String tx = Rows.payment("acc-h2", "m-h", null, "9800.00", at);
            Rows.alert(tx, "acc-h2", "m-h", "9800.00", 0.9, "REVIEW", new String[] {"high-amount"},
                    new String[] {i == 0 ? "said \"urgent\", then hung up; card 4111 1111 1111 1234" : "plain"}, at);
        }
        // A labelled fraud the detector missed, and ordinary payments.
        Rows.label(Rows.payment("acc-h3", "m-h", null, "20.00", DAY.plus(Duration.ofHours(3))), DAY.plus(Duration.ofHours(3)));
        Rows.payment("acc-h1", "m-h", "4242", "5.00", DAY.plus(Duration.ofHours(4)));
    }

    private static RequestSpecification analyst() {
        return given().auth().preemptive().basic("analyst", "analyst-test");
    }

    @Test
    void filtersByAccountDecisionRuleAndTime() {
        analyst().queryParam("account", "acc-h1").queryParam("from", FROM).queryParam("to", TO).queryParam("limit", 100)
                .get("/api/alerts/history").then().statusCode(200).body("items.size()", equalTo(12));
        analyst().queryParam("account", "acc-h1").queryParam("decision", "block").queryParam("limit", 100)
                .get("/api/alerts/history").then().statusCode(200).body("items.size()", equalTo(6));
        analyst().queryParam("account", "acc-h1").queryParam("rule", "velocity-burst").queryParam("limit", 100)
                .get("/api/alerts/history").then().statusCode(200).body("items.size()", equalTo(4));
        analyst().queryParam("from", "2026-03-01T02:00:00Z").queryParam("to", "2026-03-01T02:02:00Z")
                .get("/api/alerts/history").then().statusCode(200)
                .body("items.account_id", equalTo(List.of("acc-h2", "acc-h2")))
                .body("items[0].event_time", equalTo("2026-03-01T02:01:00Z"));
    }

    @Test
    void pagesThroughEveryAlertOnceNewestFirst() {
        List<String> seen = new ArrayList<>();
        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = analyst().queryParam("from", FROM).queryParam("to", TO)
                    .queryParam("limit", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/alerts/history").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.transaction_id"));
            times.addAll(page.getList("items.event_time"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(15).doesNotHaveDuplicates();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void badParametersAreProblemsNamingTheField() {
        problem(analyst().queryParam("limit", 0), "limit");
        problem(analyst().queryParam("limit", 501), "limit");
        problem(analyst().queryParam("limit", "ten"), "limit");
        problem(analyst().queryParam("from", "yesterday"), "from");
        problem(analyst().queryParam("from", TO).queryParam("to", FROM), "to");
        problem(analyst().queryParam("decision", "ALLOW"), "decision");
        problem(analyst().queryParam("cursor", "not-a-cursor"), "cursor");
        problem(analyst().queryParam("account", "acc'; DROP TABLE fraud_alert; --"), "account");
    }

    private static void problem(RequestSpecification request, String field) {
        request.get("/api/alerts/history").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("invalid_params[0].name", equalTo(field));
    }

    @Test
    void showsCardsAsTheirLastFourDigitsOnly() {
        JsonPath page = analyst().queryParam("account", "acc-h1").queryParam("limit", 1)
                .get("/api/alerts/history").then().statusCode(200).extract().jsonPath();
        assertThat(page.getString("items[0].card")).isEqualTo("•••• 4242");

        String reasons = analyst().queryParam("account", "acc-h2").queryParam("limit", 10)
                .get("/api/alerts/history").then().statusCode(200).extract().asString();
        // The digits as written in the reason, with their spaces: a random transaction id may contain "4111" itself.
        assertThat(reasons).contains("card •••• 1234").doesNotContain("4111 1111");
    }

    @Test
    void exportsCsvWithQuotingAndTheSameFilters() {
        String csv = analyst().queryParam("account", "acc-h2").get("/api/alerts/history.csv").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", startsWith("attachment"))
                .extract().asString();

        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("transaction_id,account_id,merchant_id,card,amount");
        assertThat(csv).contains(",9800.00,EUR,0.9,REVIEW,high-amount,")
                .contains("\"said \"\"urgent\"\", then hung up; card •••• 1234\"")
                .doesNotContain("4111 1111");
    }

    @Test
    void anAccountsRiskProfileCountsItsPaymentsAlertsAndFraud() {
        analyst().get("/api/accounts/acc-h1/risk").then().statusCode(200)
                .body("account_id", equalTo("acc-h1"))
                .body("transactions", equalTo(13))
                .body("alerts", equalTo(12))
                .body("fraud_rate", equalTo(0.0f))
                .body("max_score", equalTo(0.61f));
        analyst().get("/api/accounts/acc-nobody/risk").then().statusCode(200)
                .body("transactions", equalTo(0)).body("fraud_rate", equalTo(null));
    }

    @Test
    void oneAlertById() throws Exception {
        String tx = Rows.string("SELECT transaction_id FROM fraud_alert WHERE account_id = ? LIMIT 1", "acc-h2");
        analyst().get("/api/alerts/" + tx).then().statusCode(200).body("account_id", equalTo("acc-h2"));
        analyst().get("/api/alerts/no-such-transaction").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void precisionAndRecallAgainstTheSimulatorsLabels() {
        Snapshot.Quality q = quality.measure(DAY, DAY.plus(Duration.ofDays(1))).await().atMost(Duration.ofSeconds(10));

        // 15 alerts, 5 labelled frauds, 4 of them alerted.
        assertThat(q.available()).isTrue();
        assertThat(q.alerts()).isEqualTo(15);
        assertThat(q.labelledFraud()).isEqualTo(5);
        assertThat(q.caught()).isEqualTo(4);
        assertThat(q.precision()).isEqualTo(4 / 15.0);
        assertThat(q.recall()).isEqualTo(0.8);
    }
}
