package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.support.UpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(UpstreamResource.class)
class SecurityTest {

    @Test
    void apiClientsWithoutCredentialsGet401() {
        given().get("/api/alerts/history").then().statusCode(401);
        given().get("/api/alerts").then().statusCode(401);
        given().get("/api/accounts/acc-1/risk").then().statusCode(401);
        given().get("/api/alerts/stream").then().statusCode(401);
    }

    @Test
    void aWrongPasswordIs401AndAKnownUserGetsIn() {
        given().auth().preemptive().basic("analyst", "wrong").get("/api/alerts").then().statusCode(401);
        given().auth().preemptive().basic("nobody", "analyst-test").get("/api/alerts").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "viewer-test").get("/api/alerts").then().statusCode(200);
    }

    @Test
    void theLiveStreamRefusesAWrongPasswordAForgedCookieAndATamperedOne() {
        given().auth().preemptive().basic("analyst", "wrong").get("/api/alerts/stream").then().statusCode(401);
        given().auth().preemptive().basic("nobody", "analyst-test").get("/api/alerts/stream").then().statusCode(401);
        // A cookie that does not decrypt is sent back to the login page, the stream never opens.
        given().redirects().follow(false).cookie("quarkus-credential", "forged")
                .get("/api/alerts/stream").then().statusCode(302).header("Location", containsString("/login.html"));
        String cookie = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", "viewer").formParam("j_password", "viewer-test")
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        // One character of the encrypted cookie changed: it no longer decrypts, so it names nobody.
        char last = cookie.charAt(cookie.length() - 2);
        String tampered = cookie.substring(0, cookie.length() - 2) + (last == 'A' ? 'B' : 'A') + cookie.charAt(cookie.length() - 1);
        given().redirects().follow(false).cookie("quarkus-credential", tampered)
                .get("/api/alerts/stream").then().statusCode(302).header("Location", containsString("/login.html"));
        // The untouched cookie is good (on an endpoint that answers and ends, unlike the stream): the refusals above
        // are the forgery's, not the test's.
        given().redirects().follow(false).cookie("quarkus-credential", cookie).get("/api/alerts").then().statusCode(200);
    }

    @Test
    void aViewerMayReadButNotTriage() {
        given().auth().preemptive().basic("viewer", "viewer-test").get("/api/alerts/history").then().statusCode(200);
        given().auth().preemptive().basic("viewer", "viewer-test").contentType(ContentType.JSON)
                .body("{\"outcome\":\"FALSE_POSITIVE\"}")
                .post("/api/alerts/some-transaction/triage")
                .then().statusCode(403);
    }

    @Test
    void healthMetricsAndTheLoginPageNeedNoLogin() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("fraud_dashboard_sse_clients"));
        given().get("/login.html").then().statusCode(200).body(containsString("j_security_check"));
    }

    @Test
    void theLoginFormOpensThePageForItsUser() {
        given().redirects().follow(false).get("/").then().statusCode(302)
                .header("Location", containsString("/login.html"));

        String cookie = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", "analyst").formParam("j_password", "analyst-test")
                .post("/j_security_check")
                .then().statusCode(302).extract().cookie("quarkus-credential");
        given().cookie("quarkus-credential", cookie).get("/").then().statusCode(200)
                .body(containsString("Fraud operations"), containsString("analyst (analyst)"));

        given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", "analyst").formParam("j_password", "nope")
                .post("/j_security_check")
                .then().statusCode(302).header("Location", containsString("error"))
                .header("Set-Cookie", not(containsString("quarkus-credential=")));
    }
}
