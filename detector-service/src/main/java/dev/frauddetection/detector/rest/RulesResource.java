package dev.frauddetection.detector.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frauddetection.detector.pipeline.RuleBook;
import dev.frauddetection.detector.pipeline.RuleChangeLog.Change;
import dev.frauddetection.detector.pipeline.RuleChangeLog;
import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import dev.frauddetection.detector.security.CallerRoles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads, changes and rolls back the rule set, as an audited operation. The server assigns versions (active + 1); a
 * change names the version it was made from in If-Match, so two administrators editing at once cannot overwrite each
 * other; an empty rule set (no rules at all) needs {@code confirm_empty=true}; every change is kept with who made it,
 * when and why (RuleChangeLog). A new set goes through the fraud-rules topic, so every instance applies it.
 */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private static final Logger LOG = Logger.getLogger(RulesResource.class);
    /** The fraud-rules topic is compacted on this key: the latest rule set is all a starting detector needs. */
    static final String ACTIVE_KEY = "active";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HISTORY_LIMIT = 100;

    /** A rollback's reason. */
    public record Rollback(String reason) {
    }

    private final RuleBook ruleBook;
    private final RuleChangeLog changes;
    private final MutinyEmitter<byte[]> publisher;
    private final SecurityIdentity caller;

    public RulesResource(RuleBook ruleBook, RuleChangeLog changes,
                         @Channel("fraud-rules-out") MutinyEmitter<byte[]> publisher, SecurityIdentity caller) {
        this.ruleBook = ruleBook;
        this.changes = changes;
        this.publisher = publisher;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({CallerRoles.RULES_ADMIN, CallerRoles.RULES_VIEWER})
    @Operation(summary = "The active rule set; its ETag is the version a change must name in If-Match")
    public Response active() {
        RuleSet active = ruleBook.active();
        return Response.ok(active).tag(Long.toString(active.version())).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Publish a new rule set", description = "The body is a rule set without a version: the server "
            + "assigns the active version + 1. If-Match names the version the change was made from; description says "
            + "why (kept in the audit trail). Every detector applies it within moments, without a restart.")
    @APIResponse(responseCode = "202", description = "Published; ETag is the new version")
    @APIResponse(responseCode = "400", description = "Not a valid rule set; the problem names the field")
    @APIResponse(responseCode = "412", description = "The rule set changed since the If-Match version; reload and retry")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response replace(byte[] body, @HeaderParam("If-Match") String ifMatch,
                            @QueryParam("confirm_empty") boolean confirmEmpty) {
        long base = precondition(ifMatch);
        ObjectNode proposal = proposal(body);
        if (proposal.has("version")) {
            throw Problems.invalid("version", "is assigned by the server (active + 1); name the version you edited in "
                    + "If-Match instead");
        }
        JsonNode description = proposal.path("description");
        String reason = reason(description.isTextual() ? description.asText() : null, "description");
        proposal.put("version", base + 1);
        RuleSet candidate = parse(proposal);
        if (candidate.rules().isEmpty() && !confirmEmpty) {
            throw Problems.invalid("rules", "is empty, which turns every rule off; send confirm_empty=true if that is "
                    + "what you mean");
        }
        return publish(candidate, base, reason, null);
    }

    @GET
    @Path("/versions")
    @RolesAllowed({CallerRoles.RULES_ADMIN, CallerRoles.RULES_VIEWER})
    @Operation(summary = "The audit trail: the last 100 changes, newest first, with who, when and why")
    public List<Change> history() {
        return changes.recent(HISTORY_LIMIT);
    }

    @GET
    @Path("/versions/{version}")
    @RolesAllowed({CallerRoles.RULES_ADMIN, CallerRoles.RULES_VIEWER})
    @Operation(summary = "An earlier rule set, as it was published")
    @APIResponse(responseCode = "404", description = "No such version")
    public RuleSet version(@PathParam("version") long version) {
        return earlier(version);
    }

    @POST
    @Path("/versions/{version}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Publish an earlier rule set again, as the next version", description = "If-Match names the "
            + "active version; the body's reason is kept in the audit trail.")
    @APIResponse(responseCode = "202", description = "Published; ETag is the new version")
    @APIResponse(responseCode = "404", description = "No such version")
    public Response rollback(@PathParam("version") long version, Rollback rollback,
                             @HeaderParam("If-Match") String ifMatch) {
        long base = precondition(ifMatch);
        String reason = reason(rollback == null ? null : rollback.reason(), "reason");
        RuleSet target = earlier(version);
        RuleSet candidate = target.as(base + 1, "Rollback to version " + version + ": " + reason).validated();
        return publish(candidate, base, reason, version);
    }

    private Response publish(RuleSet candidate, long base, String reason, Long rolledBackTo) {
        try {
            changes.claim(candidate, base, caller.getPrincipal().getName(), reason, rolledBackTo);
        } catch (RuleChangeLog.VersionTaken e) {
            throw Problems.stale(e.getMessage() + "; reload the rule set and apply your change again");
        }
        Message<byte[]> record = Message.of(DefaultScoring.json(candidate))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(ACTIVE_KEY).build());
        try {
            publisher.sendMessage(record).await().atMost(Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            changes.release(candidate.version());
            LOG.errorf(e, "Rule set %d could not be published", candidate.version());
            throw Problems.unavailable("the rule set could not be published to fraud-rules; nothing changed, retry");
        }
        LOG.infof("Rule set %d published by %s (from %d): %s", candidate.version(), caller.getPrincipal().getName(),
                base, reason);
        return Response.accepted(Map.of("version", candidate.version(), "rules", candidate.rules().size()))
                .tag(Long.toString(candidate.version())).build();
    }

    /** The version the caller edited, which must still be the active one. */
    private long precondition(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw Problems.preconditionRequired("send If-Match with the version you edited (the ETag of GET /api/rules)");
        }
        long base = IfMatch.number(ifMatch).orElseThrow(() -> Problems.invalid("If-Match",
                "must be the version you edited, as GET /api/rules sent it in ETag"));
        long active = ruleBook.active().version();
        if (base != active) {
            throw Problems.stale("you edited version " + base + " but version " + active + " is active; reload the "
                    + "rule set and apply your change again");
        }
        return base;
    }

    private static ObjectNode proposal(byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw Problems.invalid("body", "is not valid JSON");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw Problems.invalid("body", "must be a JSON object: a rule set without version");
        }
        return object;
    }

    private static String reason(String value, String field) {
        if (value == null || value.isBlank()) {
            throw Problems.invalid(field, "is required: say why, it is kept in the audit trail");
        }
        if (value.length() > RuleSet.MAX_DESCRIPTION) {
            throw Problems.invalid(field, "has more than " + RuleSet.MAX_DESCRIPTION + " characters");
        }
        return value.strip();
    }

    private static RuleSet parse(ObjectNode proposal) {
        try {
            return DefaultScoring.parseRules(JSON.writeValueAsBytes(proposal));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid("body", e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RuleSet earlier(long version) {
        RuleSet shipped = DefaultScoring.rules();
        if (version == shipped.version()) {
            return shipped;
        }
        return changes.find(version).orElseThrow(() -> Problems.notFound("no rule set was published as version "
                + version + " (GET /api/rules/versions lists them)"));
    }
}
