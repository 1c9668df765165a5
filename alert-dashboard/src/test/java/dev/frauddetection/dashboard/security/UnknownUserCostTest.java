package dev.frauddetection.dashboard.security;

import dev.frauddetection.dashboard.support.UpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name that does not exist costs what a wrong password costs (issue 22: an unknown user failed at once while a
 * known one cost the whole PBKDF2, which told names apart by timing). Checked on the cost rather than on a clock,
 * which on a busy 2-core machine could not tell a millisecond from noise.
 */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
class UnknownUserCostTest {

    @Inject
    UsersFileIdentityProvider users;

    @Test
    void anUnknownNameIsCheckedAgainstAHashOfTheSameCostAsTheRealOnes() {
        // the test users' hashes have 1000 iterations (test-users.properties)
        assertThat(users.unknownUserIterations()).isEqualTo(1000);
        given().auth().preemptive().basic("nobody-" + System.nanoTime(), "whatever").get("/api/alerts").then().statusCode(401);
    }
}
