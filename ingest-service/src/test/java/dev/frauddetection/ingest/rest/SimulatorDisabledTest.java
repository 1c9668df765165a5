package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.frauddetection.ingest.support.CallerTokens.simulator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A deployment without the simulator (production's default): even a caller with the simulator role cannot start it,
 * because simulated payments cannot be told from real ones downstream.
 */
@QuarkusTest
@TestProfile(SimulatorDisabledTest.WithoutSimulator.class)
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class SimulatorDisabledTest {

    public static class WithoutSimulator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fraud.simulator.enabled", "false");
        }
    }

    @Test
    void noOneCanDriveTheSimulator() {
        simulator().get("/api/simulator").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("fraud.simulator.enabled is false"));
        simulator().contentType(ContentType.JSON).body("{\"running\": true, \"rate\": 10}")
                .put("/api/simulator/streaming").then().statusCode(404);
        simulator().contentType(ContentType.JSON).body("{\"count\": 10}")
                .post("/api/simulator/batches").then().statusCode(404).body("status", equalTo(404));
    }
}
