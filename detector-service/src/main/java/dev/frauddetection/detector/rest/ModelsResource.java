package dev.frauddetection.detector.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.detector.pipeline.ModelChangeLog;
import dev.frauddetection.detector.pipeline.ModelChangeLog.Action;
import dev.frauddetection.detector.pipeline.ModelChangeLog.Change;
import dev.frauddetection.detector.pipeline.ModelRegistry;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.ModelAssignment;
import dev.frauddetection.detector.scoring.ModelRegistration;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import dev.frauddetection.detector.security.CallerRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The model registry as an audited operation: register a model version (a candidate: it judges nothing), make a
 * registered version the challenger (scored on every payment, decisions recorded, never acted on), withdraw it,
 * promote it to champion, or roll the champion back to any registered version. Every change names the assignment it
 * was made from in If-Match (its sequence number), is kept with who, when and why (ModelChangeLog), and goes through
 * the fraud-models topic, so every instance switches within moments, without a restart. Rule administrators administer
 * models too (role {@code rules-admin}); {@code rules-viewer} may read.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private static final Logger LOG = Logger.getLogger(ModelsResource.class);
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:+-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HISTORY_LIMIT = 100;

    /** A change's reason, and for a challenger or a rollback the version it names. */
    public record Request(String version, String reason) {
    }

    private final ModelRegistry registry;
    private final ModelChangeLog changes;
    private final SecurityIdentity caller;

    public ModelsResource(ModelRegistry registry, ModelChangeLog changes, SecurityIdentity caller) {
        this.registry = registry;
        this.changes = changes;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({CallerRoles.RULES_ADMIN, CallerRoles.RULES_VIEWER})
    @Operation(summary = "Champion, challenger and every registered version (without trees or weights); the ETag is "
            + "the assignment's sequence number, which a change must name in If-Match")
    public Response overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        var live = registry.live();
        body.put("champion", live.champion().version());
        body.put("challenger", live.challenger() == null ? null : live.challenger().version());
        body.put("sequence", sequence());
        registry.assignment().ifPresent(a -> body.put("assignment", Map.of("changed_by", a.changedBy(),
                "changed_at", a.changedAt().toString(), "reason", a.reason(), "sequence", a.sequence())));
        body.put("versions", registry.registered().stream().map(ModelRegistration::summary).toList());
        return Response.ok(body).tag(Long.toString(sequence())).build();
    }

    @GET
    @Path("/changes")
    @RolesAllowed({CallerRoles.RULES_ADMIN, CallerRoles.RULES_VIEWER})
    @Operation(summary = "The audit trail: the last 100 registrations and assignment changes, newest first")
    public List<Change> history() {
        return changes.recent(HISTORY_LIMIT);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Register a model version as a candidate", description = "The body is {\"reason\": \"...\", "
            + "\"model\": <a model file written by train>, \"training\": {\"from\", \"to\", \"payments\", \"frauds\", "
            + "\"fingerprint\"} (optional: what it learnt from)}. The version is the model's own and must be new.")
    @APIResponse(responseCode = "201", description = "Registered; every instance has it within moments")
    @APIResponse(responseCode = "400", description = "Not a model this detector can evaluate; the problem names the field")
    @APIResponse(responseCode = "409", description = "That version is registered already")
    public Response register(byte[] body) {
        JsonNode request = object(body);
        String reason = reason(request.path("reason"));
        JsonNode modelNode = request.path("model");
        if (!modelNode.isObject()) {
            throw Problems.invalidModelRequest("model", "is required: a model file as train writes it");
        }
        FraudModel model;
        try {
            model = FraudModel.read(new ByteArrayInputStream(JSON.writeValueAsBytes(modelNode)));
        } catch (IllegalArgumentException e) {
            throw Problems.invalidModelRequest("model", e.getMessage());
        } catch (UncheckedIOException | IOException e) {
            throw Problems.invalidModelRequest("model", "is not a model file: " + rootMessage(e));
        }
        if (!VERSION.matcher(model.version()).matches()) {
            throw Problems.invalidModelRequest("model.version", "must be 1 to 100 letters, digits or _ . : + -, "
                    + "starting with a letter or digit");
        }
        if (registry.find(model.version()).isPresent()) {
            throw Problems.modelConflict("model.version", "version " + model.version() + " is registered already; "
                    + "a version never changes, give the new model a version of its own");
        }
        ModelRegistration.TrainingWindow training = training(request.path("training"));
        String by = caller.getPrincipal().getName();
        ModelRegistration registration = new ModelRegistration(model, Instant.now(), by,
                training == null ? "api" : "train --from-database", training);
        long id;
        try {
            id = changes.registering(model.version(), by, reason);
        } catch (ModelChangeLog.VersionTaken e) {
            throw Problems.modelConflict("model.version", e.getMessage() + "; give the new model a version of its own");
        }
        try {
            registry.publish(registration.key(), registration.json());
        } catch (RuntimeException e) {
            changes.forget(id);
            LOG.errorf(e, "Model %s could not be registered", model.version());
            throw Problems.unavailable("the model could not be published to the registry; nothing changed, retry");
        }
        LOG.infof("Model %s registered by %s: %s", model.version(), by, reason);
        return Response.status(201).entity(registration.summary()).build();
    }

    @PUT
    @Path("/challenger")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Make a registered version the challenger: scored on every payment, never acted on")
    @APIResponse(responseCode = "202", description = "Published; ETag is the new sequence number")
    public Response challenge(Request request, @HeaderParam("If-Match") String ifMatch) {
        long base = precondition(ifMatch);
        String version = registeredVersion(request);
        Current current = current();
        if (version.equals(current.champion())) {
            throw Problems.modelConflict("version", version + " is the champion already");
        }
        return assign(Action.CHALLENGE, base, version, current.champion(), version, reason(request));
    }

    @POST
    @Path("/challenger/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Stop scoring with the challenger")
    public Response withdraw(Request request, @HeaderParam("If-Match") String ifMatch) {
        long base = precondition(ifMatch);
        String challenger = currentChallenger();
        return assign(Action.WITHDRAW, base, challenger, current().champion(), null, reason(request));
    }

    @POST
    @Path("/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Make the challenger the champion; the former champion stays registered for a rollback")
    public Response promote(Request request, @HeaderParam("If-Match") String ifMatch) {
        long base = precondition(ifMatch);
        String challenger = currentChallenger();
        return assign(Action.PROMOTE, base, challenger, challenger, null, reason(request));
    }

    @POST
    @Path("/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(CallerRoles.RULES_ADMIN)
    @Operation(summary = "Make any registered version the champion again (the shipped one included)")
    public Response rollback(Request request, @HeaderParam("If-Match") String ifMatch) {
        long base = precondition(ifMatch);
        String version = registeredVersion(request);
        Current current = current();
        if (version.equals(current.champion())) {
            throw Problems.modelConflict("version", version + " is the champion already");
        }
        String challenger = version.equals(current.challenger()) ? null : current.challenger();
        return assign(Action.ROLLBACK, base, version, version, challenger, reason(request));
    }

    private Response assign(Action action, long base, String version, String champion, String challenger,
                            String reason) {
        String by = caller.getPrincipal().getName();
        long sequence = base + 1;
        try {
            changes.claim(new Change(action, sequence, version, champion, challenger, by, null, reason));
        } catch (ModelChangeLog.SequenceTaken e) {
            throw Problems.staleAssignment(e.getMessage() + "; reload (GET /api/models) and apply your change again");
        }
        ModelAssignment assignment = new ModelAssignment(sequence, champion, challenger, by, Instant.now(), reason);
        try {
            registry.publish(ModelAssignment.KEY, assignment.json());
        } catch (RuntimeException e) {
            changes.release(sequence);
            LOG.errorf(e, "Model assignment %d could not be published", sequence);
            throw Problems.unavailable("the assignment could not be published to the registry; nothing changed, retry");
        }
        LOG.infof("Model assignment %d (%s) by %s: champion %s, challenger %s: %s", sequence, action, by, champion,
                challenger == null ? "none" : challenger, reason);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sequence", sequence);
        body.put("champion", champion);
        body.put("challenger", challenger);
        return Response.accepted(body).tag(Long.toString(sequence)).build();
    }

    /** What a model trained on the deployment's own payments learnt from; null when the request does not say. */
    private static ModelRegistration.TrainingWindow training(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw Problems.invalidModelRequest("training", "must be an object: from, to, payments, frauds, fingerprint");
        }
        Instant from = instant(node, "from");
        Instant to = instant(node, "to");
        if (!from.isBefore(to)) {
            throw Problems.invalidModelRequest("training.to", "must be after training.from");
        }
        long payments = count(node, "payments");
        long frauds = count(node, "frauds");
        if (frauds > payments) {
            throw Problems.invalidModelRequest("training.frauds", "must not exceed training.payments");
        }
        JsonNode fingerprint = node.path("fingerprint");
        if (!fingerprint.isTextual() || fingerprint.asText().isBlank() || fingerprint.asText().length() > 100) {
            throw Problems.invalidModelRequest("training.fingerprint", "must be a text of 1 to 100 characters");
        }
        return new ModelRegistration.TrainingWindow(from, to, payments, frauds, fingerprint.asText());
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(node.path(field).asText());
        } catch (RuntimeException e) {
            throw Problems.invalidModelRequest("training." + field, "must be an ISO-8601 instant such as "
                    + "2026-11-01T00:00:00Z");
        }
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw Problems.invalidModelRequest("training." + field, "must be a whole number of at least 0");
        }
        return value.asLong();
    }

    private long sequence() {
        return registry.assignment().map(ModelAssignment::sequence).orElse(0L);
    }

    /** The sequence number the caller saw, which must still be the current one. */
    private long precondition(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw Problems.preconditionRequired("send If-Match with the sequence number you saw (the ETag of "
                    + "GET /api/models)");
        }
        long base = IfMatch.number(ifMatch).orElseThrow(() -> Problems.invalidModelRequest("If-Match",
                "must be the sequence number GET /api/models sent as ETag"));
        if (base != sequence()) {
            throw Problems.staleAssignment("you saw assignment " + base + " but " + sequence() + " is current; reload "
                    + "(GET /api/models) and apply your change again");
        }
        return base;
    }

    private String registeredVersion(Request request) {
        String version = request == null ? null : request.version();
        if (version == null || version.isBlank()) {
            throw Problems.invalidModelRequest("version", "is required: a registered model version");
        }
        if (registry.find(version).isEmpty()) {
            throw Problems.noSuchModel("no model version " + version + " is registered (GET /api/models lists them)");
        }
        return version;
    }

    /** Champion and challenger as seen by a change: the latest assignment, or what judges here before any. */
    private record Current(String champion, String challenger) {
    }

    /**
     * From the latest assignment, not from the models this instance runs: an assignment waiting for a version this
     * instance has not read yet is still the one every instance is moving to, and the one a change is made from.
     */
    private Current current() {
        return registry.assignment().map(a -> new Current(a.champion(), a.challenger())).orElseGet(() -> {
            var live = registry.live();
            return new Current(live.champion().version(), live.challenger() == null ? null : live.challenger().version());
        });
    }

    private String currentChallenger() {
        String challenger = current().challenger();
        if (challenger == null) {
            throw Problems.modelConflict("challenger", "no challenger is set (PUT /api/models/challenger sets one)");
        }
        return challenger;
    }

    private static String reason(Request request) {
        return reason(request == null ? null : request.reason());
    }

    private static String reason(JsonNode value) {
        return reason(value != null && value.isTextual() ? value.asText() : null);
    }

    private static String reason(String value) {
        if (value == null || value.isBlank()) {
            throw Problems.invalidModelRequest("reason", "is required: say why, it is kept in the audit trail");
        }
        if (value.length() > RuleSet.MAX_DESCRIPTION) {
            throw Problems.invalidModelRequest("reason", "has more than " + RuleSet.MAX_DESCRIPTION + " characters");
        }
        return value.strip();
    }

    private static JsonNode object(byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw Problems.invalidModelRequest("body", "is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw Problems.invalidModelRequest("body", "must be a JSON object");
        }
        return tree;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().split("\n")[0];
    }
}
