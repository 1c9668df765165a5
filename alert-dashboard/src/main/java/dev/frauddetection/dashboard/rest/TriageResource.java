package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.model.Triage;
import dev.frauddetection.dashboard.model.TriageOutcome;
import dev.frauddetection.dashboard.triage.TriageService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Analysts' verdicts on alerts. */
@Path("/api/alerts/{transactionId}/triage")
public class TriageResource {

    /** The verdict: CONFIRMED_FRAUD or FALSE_POSITIVE, and an optional note (at most 500 characters). */
    public record TriageRequest(String outcome, String note) {
    }

    private final TriageService triage;
    private final SecurityIdentity identity;

    public TriageResource(TriageService triage, SecurityIdentity identity) {
        this.triage = triage;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("analyst")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record an analyst's verdict on an alert", description = "CONFIRMED_FRAUD charges the "
            + "payment back through ingest-service (feedback for the detector); FALSE_POSITIVE is recorded only. "
            + "The same verdict again answers 200 with the stored one and retries a pending chargeback.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Triage.class)))
    @APIResponse(responseCode = "200", description = "A retry: this verdict was recorded before", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Triage.class)))
    @APIResponse(responseCode = "400", description = "outcome or note invalid", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The user is not an analyst")
    @APIResponse(responseCode = "404", description = "No alert for this transaction")
    @APIResponse(responseCode = "409", description = "Already triaged with the other outcome")
    public Uni<Response> triage(@PathParam("transactionId") String transactionId, TriageRequest request) {
        String id = Params.id("transactionId", transactionId);
        if (request == null) {
            throw new InvalidParameter("body", "must be a JSON object with outcome");
        }
        TriageOutcome outcome = outcome(request.outcome());
        if (request.note() != null && request.note().length() > 500) {
            throw new InvalidParameter("note", "must be at most 500 characters, got " + request.note().length());
        }
        return triage.triage(id, outcome, identity.getPrincipal().getName(), request.note())
                .map(result -> Response.status(result.created() ? 201 : 200).entity(result.triage()).build());
    }

    private static TriageOutcome outcome(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter("outcome", "is required: CONFIRMED_FRAUD or FALSE_POSITIVE");
        }
        try {
            return TriageOutcome.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("outcome", "must be CONFIRMED_FRAUD or FALSE_POSITIVE, got '" + value + "'");
        }
    }
}
