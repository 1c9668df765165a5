package dev.frauddetection.dashboard.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** An analyst's recorded verdict on one alert and what became of its feedback. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record Triage(
        String transactionId,
        TriageOutcome outcome,
        String analyst,
        String note,
        Instant decidedAt,
        Feedback feedback,
        String feedbackDetail,
        Instant feedbackAt) {
}
