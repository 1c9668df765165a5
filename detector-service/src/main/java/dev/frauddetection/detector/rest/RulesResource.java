package dev.frauddetection.detector.rest;

import dev.frauddetection.detector.rules.RuleSet;
import dev.frauddetection.detector.service.RuleBook;
import dev.frauddetection.detector.tools.DefaultScoring;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Map;

/** Reads and replaces the rule set. A new set goes through the fraud-rules topic, so every instance applies it. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    /** The fraud-rules topic is compacted on this key: the latest rule set is all a starting detector needs. */
    static final String ACTIVE_KEY = "active";

    private final RuleBook ruleBook;
    private final MutinyEmitter<byte[]> publisher;

    public RulesResource(RuleBook ruleBook, @Channel("fraud-rules-out") MutinyEmitter<byte[]> publisher) {
        this.ruleBook = ruleBook;
        this.publisher = publisher;
    }

    @GET
    @Operation(summary = "The active rule set")
    public RuleSet active() {
        return ruleBook.active();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a new rule set", description = "Validated, then published to fraud-rules; every "
            + "detector applies it within moments, without a restart. Its version must be above the active one.")
    @APIResponse(responseCode = "202", description = "Published")
    @APIResponse(responseCode = "400", description = "Not a valid rule set; the problem names the field")
    @APIResponse(responseCode = "409", description = "Version not above the active rule set's")
    public Uni<Response> replace(byte[] body) {
        RuleSet candidate;
        try {
            candidate = DefaultScoring.parseRules(body);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(problem(400, "invalid-rule-set", e.getMessage()));
        }
        long current = ruleBook.active().version();
        if (candidate.version() <= current) {
            return Uni.createFrom().item(problem(409, "stale-rule-set", "version " + candidate.version()
                    + " is not above the active version " + current));
        }
        Message<byte[]> record = Message.of(body).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(ACTIVE_KEY).build());
        return publisher.sendMessage(record)
                .replaceWith(() -> Response.accepted(Map.of("version", candidate.version(), "rules",
                        candidate.rules().size())).build());
    }

    private static Response problem(int status, String slug, String detail) {
        return Response.status(status).type("application/problem+json").entity(Map.of(
                "type", "urn:fraud-detection:problem:" + slug, "title", status == 400 ? "Invalid rule set" : "Stale rule set",
                "status", status, "detail", detail, "errors", List.of(Map.of("field", "body", "reason", detail)))).build();
    }
}
