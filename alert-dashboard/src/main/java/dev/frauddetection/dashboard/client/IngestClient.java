package dev.frauddetection.dashboard.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * ingest-service, the source of truth for payments: a confirmed fraud becomes a CHARGEBACK status there, which
 * Debezium carries to the detector like any other change. Base URL: {@code quarkus.rest-client.ingest.url}; the
 * dashboard's own token (role feedback) goes with every call (IngestToken).
 */
@RegisterRestClient(configKey = "ingest")
@RegisterClientHeaders(IngestToken.class)
@Path("/api/transactions")
public interface IngestClient {

    /** The status a payment should move to; the API answers 404 for an unknown payment, 409 for an illegal move. */
    record StatusChange(String status) {
    }

    @PUT
    @Path("/{id}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> changeStatus(@PathParam("id") String transactionId, StatusChange change);
}
