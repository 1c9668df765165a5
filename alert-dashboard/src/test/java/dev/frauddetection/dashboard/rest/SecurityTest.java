package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.support.UpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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

    /**
     * Guessing is throttled: after five wrong passwords for one user from one address, even the right one is refused
     * until the window has passed, while other users from the same address still get in.
     */
    @Test
    void repeatedWrongPasswordsLockThatUserOutFromThatAddressForAWhile() {
        given().auth().preemptive().basic("guesser", "guesser-test").get("/api/alerts").then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            given().auth().preemptive().basic("guesser", "guess-" + i).get("/api/alerts").then().statusCode(401);
        }
        given().auth().preemptive().basic("guesser", "guesser-test").get("/api/alerts").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "viewer-test").get("/api/alerts").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("fraud_dashboard_logins_throttled_total"));
    }

    /** The browser may run only the page's own files, never in a frame; HTTPS-only once seen over HTTPS. */
    @Test
    void everyResponseCarriesTheBrowserHardeningHeaders() {
        for (var response : java.util.List.of(given().get("/login.html"),
                given().auth().preemptive().basic("viewer", "viewer-test").get("/api/alerts"),
                given().auth().preemptive().basic("viewer", "viewer-test").get("/"))) {
            response.then()
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Strict-Transport-Security", containsString("max-age="));
        }
        // The login page works under that policy: no inline style or script left in it.
        given().get("/login.html").then().body(not(containsString("<style"))).body(not(containsString("<script>")));
        given().get("/static/login.js").then().statusCode(200);
    }

    /**
     * Logging out is a POST that ends the session: the user's open stream closes, and the cookie, even if someone kept
     * a copy, no longer opens anything. A GET cannot log anyone out.
     */
    @Test
    void logoutEndsTheSessionAndItsOpenStream() throws Exception {
        String cookie = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("j_username", "analyst").formParam("j_password", "analyst-test")
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        given().redirects().follow(false).cookie("quarkus-credential", cookie).get("/logout").then().statusCode(405);

        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", streamUrl.getPort())) {
            socket.getOutputStream().write(("GET /api/alerts/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\nCookie: quarkus-credential=" + cookie + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            while ((line = in.readLine()) != null && !line.equals(": connected")) {
                // headers and the retry hint
            }
            assertThat(line).isEqualTo(": connected");

            given().redirects().follow(false).cookie("quarkus-credential", cookie).post("/logout")
                    .then().statusCode(303).header("Location", containsString("/login.html"))
                    .header("Set-Cookie", containsString("quarkus-credential=;"));

            // The stream ends: the chunked response's last chunk ("0") arrives, or the connection closes.
            socket.setSoTimeout(5000);
            boolean ended = false;
            while ((line = in.readLine()) != null) {
                if (line.equals("0")) {
                    ended = true;
                    break;
                }
            }
            assertThat(ended || line == null).as("the stream ended after logout").isTrue();
        }
        given().redirects().follow(false).cookie("quarkus-credential", cookie).get("/api/alerts")
                .then().statusCode(401).contentType("application/problem+json");
        given().redirects().follow(false).cookie("quarkus-credential", cookie).get("/")
                .then().statusCode(302).header("Location", containsString("/login.html"));
    }

    @io.quarkus.test.common.http.TestHTTPResource("/api/alerts/stream")
    java.net.URL streamUrl;
}
