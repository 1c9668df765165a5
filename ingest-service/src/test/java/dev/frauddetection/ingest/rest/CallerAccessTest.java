package dev.frauddetection.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.ingest.security.CallerRoles;
import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, endpoint by endpoint. The table below is the access policy; the test reads every operation the
 * service publishes in its OpenAPI document and fails when one has no row, so a new endpoint cannot ship without
 * someone deciding who may call it. For every row it tries: no token, a token signed by another key, an expired one,
 * one for another audience and one from another issuer (401 problem+json each); a valid token with each role that
 * is not allowed and one with no role at all (403 problem+json); and each allowed role (neither 401 nor 403).
 */
@QuarkusTest
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class CallerAccessTest {

    private static final Set<String> EVERY_ROLE = Set.of(CallerRoles.PAYMENT_WRITER, CallerRoles.FEEDBACK,
            CallerRoles.SIMULATOR, "rules-admin", "analyst", "viewer");

    /** One way of calling an operation, and the roles that may call it that way. */
    record Access(String method, String path, String body, Set<String> allowed) {
        String operation() {
            return method + " " + path;
        }
    }

    private static final String PAYMENT = TransactionApiTest.payment(null, "acc-access", "12.00");

    private static final List<Access> POLICY = List.of(
            new Access("POST", "/api/transactions", PAYMENT, Set.of(CallerRoles.PAYMENT_WRITER)),
            new Access("POST", "/api/transactions/batch", "[" + PAYMENT + "]", Set.of(CallerRoles.PAYMENT_WRITER)),
            new Access("GET", "/api/transactions/{id}", null, Set.of(CallerRoles.PAYMENT_WRITER, CallerRoles.FEEDBACK)),
            new Access("DELETE", "/api/transactions/{id}", null, Set.of(CallerRoles.PAYMENT_WRITER)),
            new Access("PUT", "/api/transactions/{id}/status", "{\"status\": \"SETTLED\"}",
                    Set.of(CallerRoles.PAYMENT_WRITER)),
            new Access("PUT", "/api/transactions/{id}/status", "{\"status\": \"REVERSED\"}",
                    Set.of(CallerRoles.PAYMENT_WRITER)),
            new Access("PUT", "/api/transactions/{id}/status", "{\"status\": \"CHARGEBACK\"}",
                    Set.of(CallerRoles.FEEDBACK)),
            new Access("GET", "/api/simulator", null, Set.of(CallerRoles.SIMULATOR)),
            new Access("PUT", "/api/simulator/streaming", "{\"running\": false}", Set.of(CallerRoles.SIMULATOR)),
            // count 0 is refused by validation (400), which only an authorised caller gets to see
            new Access("POST", "/api/simulator/batches", "{\"count\": 0}", Set.of(CallerRoles.SIMULATOR)));

    @Test
    void everyPublishedOperationHasAnAccessRule() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString()).path("paths");
        Set<String> published = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> published.add(method.toUpperCase() + " " + path.getKey()));
        }
        Set<String> ruled = new HashSet<>();
        POLICY.forEach(a -> ruled.add(a.operation()));
        assertThat(published).as("operations in /q/openapi").isNotEmpty();
        assertThat(ruled).as("every operation the service publishes needs a row in POLICY").containsAll(published);
        assertThat(published).as("rows for operations that no longer exist").containsAll(ruled);
    }

    @Test
    void callersWithoutAValidTokenAreUnauthenticated() {
        Map<String, String> invalid = Map.of(
                "signed by another key", Jwt.issuer(CallerTokens.ISSUER).audience(CallerTokens.AUDIENCE)
                        .groups(EVERY_ROLE).sign(otherKey()),
                "expired", Jwt.issuer(CallerTokens.ISSUER).audience(CallerTokens.AUDIENCE).groups(EVERY_ROLE)
                        .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                        .sign(CallerTokens.signingKey()),
                "for detector-service", Jwt.issuer(CallerTokens.ISSUER).audience("detector-service")
                        .groups(EVERY_ROLE).sign(CallerTokens.signingKey()),
                "from another issuer", Jwt.issuer("someone-else").audience(CallerTokens.AUDIENCE)
                        .groups(EVERY_ROLE).sign(CallerTokens.signingKey()),
                "not a token", "not-a-jwt");
        for (Access access : POLICY) {
            refused(send(given(), access), 401, access + " without a token");
            invalid.forEach((what, token) ->
                    refused(send(given().auth().oauth2(token), access), 401, access + " with a token " + what));
        }
    }

    @Test
    void callersWithoutTheRoleAreForbiddenAndCallersWithItGetThrough() {
        for (Access access : POLICY) {
            List<Set<String>> wrong = new ArrayList<>();
            wrong.add(Set.of());
            EVERY_ROLE.stream().filter(r -> !access.allowed().contains(r)).forEach(r -> wrong.add(Set.of(r)));
            for (Set<String> roles : wrong) {
                refused(send(CallerTokens.as(roles.toArray(String[]::new)), access), 403, access + " as " + roles);
            }
            for (String role : access.allowed()) {
                int status = send(CallerTokens.as(role), access).statusCode();
                assertThat(status).as(access + " as " + role).isNotIn(401, 403);
            }
        }
    }

    private static Response send(RequestSpecification request, Access access) {
        String path = access.path().replace("{id}", stored());
        if (access.body() != null) {
            request = request.contentType(ContentType.JSON).body(access.body());
        }
        return request.request(access.method(), path);
    }

    /** A payment that exists, so that an allowed status change or delete has something to act on. */
    private static String stored() {
        return CallerTokens.writer().contentType(ContentType.JSON)
                .body(TransactionApiTest.payment(UUID.randomUUID().toString(), "acc-access", "12.00"))
                .post("/api/transactions").then().statusCode(201).extract().path("id");
    }

    private static void refused(Response response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).as(what).isEqualTo(status);
        if (status == 401) {
            assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
        }
    }

    private static java.security.PrivateKey otherKey() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
