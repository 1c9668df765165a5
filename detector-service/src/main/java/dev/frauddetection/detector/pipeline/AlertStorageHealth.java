package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.alerts.AlertBatcher;
import dev.frauddetection.detector.config.DetectorConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Alert storage as a readiness check and a gauge. Storing retries an outage for as long as it lasts (no alert is
 * lost), which alone would be silent: once it has failed for {@code fraud.detector.alert-storage-unhealthy-after}
 * without a success, the detector reports DOWN with the reason, and {@code fraud_detector_alerts_storage_failing_seconds}
 * says for how long (0 while alerts are stored).
 */
@Readiness
@ApplicationScoped
public class AlertStorageHealth implements HealthCheck {

    private final ScoringPipeline pipeline;
    private final Duration unhealthyAfter;

    public AlertStorageHealth(ScoringPipeline pipeline, DetectorConfig config, MeterRegistry registry) {
        this.pipeline = pipeline;
        this.unhealthyAfter = config.alertStorageUnhealthyAfter();
        Gauge.builder("fraud.detector.alerts.storage.failing.seconds", this, AlertStorageHealth::failingSeconds)
                .description("How long storing alerts has failed without a success; 0 while alerts are stored")
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        Optional<AlertBatcher.Failing> failing = pipeline.alertStorageFailing();
        var response = HealthCheckResponse.named("alert-storage");
        if (failing.isEmpty() || Duration.between(failing.get().since(), Instant.now()).compareTo(unhealthyAfter) < 0) {
            return response.up().build();
        }
        return response.down().withData("failing_since", failing.get().since().toString())
                .withData("last_error", failing.get().lastError()).build();
    }

    private double failingSeconds() {
        return pipeline.alertStorageFailing()
                .map(f -> Duration.between(f.since(), Instant.now()).toMillis() / 1000.0).orElse(0.0);
    }
}
