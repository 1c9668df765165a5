package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.service.TransactionStore;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;
import java.util.UUID;

@Path("/api/transactions")
public class TransactionResource {

    private final TransactionStore store;

    public TransactionResource(TransactionStore store) {
        this.store = store;
    }

    @POST
    @Operation(summary = "Record a payment", description = "Writes one transaction. Sending the same id again "
            + "does not create a second row; the answer is then 200 with the stored transaction.")
    @APIResponse(responseCode = "201", description = "Recorded")
    @APIResponse(responseCode = "200", description = "A transaction with this id already existed")
    @APIResponse(responseCode = "400", description = "Invalid field")
    public Uni<RestResponse<Transaction>> create(@Valid @NotNull NewTransaction request, @Context UriInfo uri) {
        Transaction tx = request.toTransaction(OffsetDateTime.now());
        return store.insert(tx).chain(created -> created
                ? Uni.createFrom().item(RestResponse.ResponseBuilder
                        .<Transaction>created(uri.getAbsolutePathBuilder().path(tx.id().toString()).build())
                        .entity(tx).build())
                : store.find(tx.id()).map(stored -> RestResponse.ok(stored.orElseThrow())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Look up a payment by id")
    @APIResponse(responseCode = "200", description = "Found")
    @APIResponse(responseCode = "404", description = "No transaction with this id")
    public Uni<Transaction> get(@PathParam("id") UUID id) {
        return store.find(id).map(found -> found.orElseThrow(() -> new NotFoundException("No transaction " + id)));
    }
}
