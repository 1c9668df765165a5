package dev.frauddetection.ingest.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.ingest.config.IngestConfig;
import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.model.TransactionStatus;
import dev.frauddetection.ingest.request.NewTransaction;
import dev.frauddetection.ingest.rest.problem.Problem;
import dev.frauddetection.ingest.rest.problem.ProblemMappers;
import dev.frauddetection.ingest.security.CallerRoles;
import dev.frauddetection.ingest.service.RejectedRequest.FieldError;
import dev.frauddetection.ingest.service.RejectedRequest.Kind;
import dev.frauddetection.ingest.service.RejectedRequest;
import dev.frauddetection.ingest.service.TransactionService;
import dev.frauddetection.ingest.service.WriteOutcome.Effect;
import dev.frauddetection.ingest.service.WriteOutcome;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

@Path("/api/transactions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed JSON or an invalid field, named in `errors`",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TransactionResource {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final TransactionService service;
    private final Validator validator;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final SecurityIdentity caller;

    public TransactionResource(TransactionService service, Validator validator, IngestConfig config, ObjectMapper json,
                               SecurityIdentity caller) {
        this.service = service;
        this.validator = validator;
        this.config = config;
        this.json = json;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(CallerRoles.PAYMENT_WRITER)
    @Operation(summary = "Record a payment", description = "Retries are safe: a repeated client-supplied id, or a "
            + "repeated Idempotency-Key, answers with the stored transaction instead of writing a second row.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names it")
    @APIResponse(responseCode = "200", description = "A retry: this payment was recorded before")
    @APIResponse(responseCode = "409", description = "The id already identifies a different payment")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request")
    public Uni<Response> create(@Valid @NotNull NewTransaction request,
                                @Parameter(description = "Makes retries safe when the client sets no id")
                                @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                @Context UriInfo uri) {
        return service.create(request, checkedKey(idempotencyKey)).map(outcome -> respond(outcome, uri));
    }

    @POST
    @Path("/batch")
    @RolesAllowed(CallerRoles.PAYMENT_WRITER)
    @Operation(summary = "Record many payments, all or nothing", description = "Up to fraud.ingest.batch-max-size "
            + "(1000) payments. Either every item is stored (or found stored already, for retries) or none is: any "
            + "invalid item fails the whole batch with every fault listed as [index].field.")
    @APIResponse(responseCode = "200", description = "Per item: CREATED or EXISTING")
    @APIResponse(responseCode = "409", description = "An item's id already identifies a different payment; nothing written")
    @APIResponse(responseCode = "413", description = "More items than the batch limit; nothing written")
    public Uni<Response> createBatch(@NotNull List<NewTransaction> items,
                                     @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        String key = checkedKey(idempotencyKey);
        if (items.size() > config.batchMaxSize()) {
            throw RejectedRequest.field(Kind.BATCH_TOO_LARGE, "body", "has " + items.size()
                    + " items; at most " + config.batchMaxSize() + " are accepted in one batch");
        }
        if (items.isEmpty()) {
            throw RejectedRequest.field(Kind.INVALID_REQUEST, "body", "must contain at least one transaction");
        }
        validateEach(items);
        // A batch answers 200 whatever its items did: each item's outcome is in the body.
        return service.createBatch(items, key)
                .map(outcome -> Response.ok(outcome.representation(), MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({CallerRoles.PAYMENT_WRITER, CallerRoles.FEEDBACK})
    @Operation(summary = "Look up a payment")
    @APIResponse(responseCode = "404", description = "No such transaction")
    public Uni<Transaction> get(@PathParam("id") String id) {
        return service.get(uuid(id));
    }

    @PUT
    @Path("/{id}/status")
    @RolesAllowed({CallerRoles.PAYMENT_WRITER, CallerRoles.FEEDBACK})
    @Operation(summary = "Settle, reverse or charge back a payment", description = "SETTLED and REVERSED from "
            + "AUTHORIZED (role payment-writer); CHARGEBACK (confirmed fraud, feedback for the detector) from "
            + "AUTHORIZED or SETTLED (role feedback). Asking for the status the payment already has is a harmless retry.")
    @APIResponse(responseCode = "404", description = "No such transaction")
    @APIResponse(responseCode = "409", description = "Not allowed from the payment's current status")
    public Uni<Transaction> changeStatus(@PathParam("id") String id, @Valid @NotNull StatusChange change) {
        // A chargeback is a fraud label the detector learns from, so only the analysts' channel may set it; the
        // payment system settles and reverses.
        String needed = change.status() == TransactionStatus.CHARGEBACK ? CallerRoles.FEEDBACK : CallerRoles.PAYMENT_WRITER;
        if (!caller.hasRole(needed)) {
            throw new ForbiddenException("needs role " + needed + " to set status " + change.status());
        }
        return service.changeStatus(uuid(id), change.status());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(CallerRoles.PAYMENT_WRITER)
    @Operation(summary = "Delete a payment", description = "Debezium publishes the delete like any other change.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such transaction (or already deleted)")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(uuid(id)).map(done -> Response.noContent().build());
    }

    private void validateEach(List<NewTransaction> items) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                errors.add(new FieldError("[" + i + "]", "must be a transaction, not null"));
                continue;
            }
            String prefix = "[" + i + "].";
            validator.validate(items.get(i)).forEach(v -> errors.add(new FieldError(
                    prefix + ProblemMappers.fieldOf(v), v.getMessage())));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw new RejectedRequest(Kind.INVALID_REQUEST, errors.size() + " invalid field(s); nothing of this "
                    + "batch was written", errors);
        }
    }

    private Response respond(WriteOutcome outcome, UriInfo uri) {
        boolean created = outcome.effect() == Effect.CREATED;
        Response.ResponseBuilder response = Response.status(created ? 201 : 200).type(MediaType.APPLICATION_JSON)
                .entity(outcome.representation());
        if (created) {
            response.location(uri.getAbsolutePathBuilder().path(idOf(outcome.representation())).build());
        }
        return response.build();
    }

    private String idOf(String body) {
        try {
            return json.readTree(body).path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String checkedKey(String key) {
        if (key != null && !KEY_FORMAT.matcher(key).matches()) {
            throw RejectedRequest.field(Kind.INVALID_REQUEST, IDEMPOTENCY_KEY,
                    "must be 1 to 200 printable ASCII characters without spaces");
        }
        return key;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RejectedRequest.field(Kind.INVALID_REQUEST, "id", "must be a UUID, got '" + id + "'");
        }
    }
}
