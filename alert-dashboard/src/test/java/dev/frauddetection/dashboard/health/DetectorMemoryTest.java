package dev.frauddetection.dashboard.health;

import dev.frauddetection.dashboard.support.Rows;
import dev.frauddetection.dashboard.support.UpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The detectors' state reports on the pipeline-health panel (issue 23): rows of detector_state_report as
 * detector-service's StateReport writes them, in the real PostgreSQL with the detector's own migration, read into the
 * snapshot every page and stream gets.
 */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
class DetectorMemoryTest {

    @Inject
    PipelineHealth health;

    @BeforeEach
    @AfterEach
    void noReports() throws Exception {
        Rows.execute("DELETE FROM detector_state_report");
    }

    @Test
    void withoutAReportThePanelSaysSoRatherThanShowingZero() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            health.poll();
            JsonPath pipeline = snapshotPipeline();
            assertThat(pipeline.getMap("detector_memory")).isNull();
            assertThat(pipeline.getString("detector_memory_error")).isNull();
            assertThat(pipeline.getString("checked_at")).isNotNull();
        });
    }

    @Test
    void sumsTheInstancesThatReportedInTheLastMinuteAndShowsTheWorstEviction() throws Exception {
        // Two running replicas, one of them past its budget; a third stopped five minutes ago without deleting its row.
        Rows.execute("""
                INSERT INTO detector_state_report (instance, accounts, account_budget, evicted_for_budget,
                    budget_eviction_age_ms, merchants, merchant_budget, merchants_evicted_for_budget, started_at,
                    reported_at) VALUES
                  ('detector-service-7d9f-a/1', 50074, 50074, 1905571, 9360000, 2000, 2000, 12, '2026-12-07T22:00:00Z', now()),
                  ('detector-service-7d9f-b/1', 31000, 50074, 0, 0, 1500, 2000, 0, '2026-12-07T21:30:00Z', now() - interval '20 seconds'),
                  ('detector-service-old/1', 49000, 50074, 777, 3600000, 9, 2000, 5, '2026-12-06T00:00:00Z', now() - interval '5 minutes')""");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            health.poll();
            JsonPath pipeline = snapshotPipeline();
            assertThat(pipeline.getInt("detector_memory.instances")).isEqualTo(2);
            assertThat(pipeline.getLong("detector_memory.accounts")).isEqualTo(81_074);
            assertThat(pipeline.getLong("detector_memory.account_budget")).isEqualTo(100_148);
            assertThat(pipeline.getLong("detector_memory.evicted_for_budget")).isEqualTo(1_905_571);
            assertThat(pipeline.getDouble("detector_memory.last_evicted_idle_hours")).isEqualTo(2.6);
            assertThat(pipeline.getString("detector_memory.since")).isEqualTo("2026-12-07T21:30:00Z");
            assertThat(pipeline.getLong("detector_memory.merchants")).isEqualTo(3_500);
            assertThat(pipeline.getLong("detector_memory.merchant_budget")).isEqualTo(4_000);
            assertThat(pipeline.getLong("detector_memory.merchants_evicted_for_budget")).isEqualTo(12);
        });
    }

    @Test
    void anUnreadableTableIsReportedAsSuchWithoutHidingTheRestOfTheHealth() throws Exception {
        Rows.execute("ALTER TABLE detector_state_report RENAME TO detector_state_report_away");
        try {
            health.poll();
            assertThat(health.last().detectorMemoryError()).startsWith("detector state reports unavailable: ")
                    .contains("detector_state_report");
            assertThat(health.last().connectError()).isNull();
        } finally {
            Rows.execute("ALTER TABLE detector_state_report_away RENAME TO detector_state_report");
        }
    }

    private static JsonPath snapshotPipeline() {
        return given().auth().preemptive().basic("analyst", "analyst-test").get("/api/snapshot")
                .then().statusCode(200).extract().jsonPath().setRootPath("pipeline");
    }
}
