package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.history.AlertHistory;
import dev.frauddetection.dashboard.model.AccountRisk;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Per-account risk, for an analyst deciding how far to trust an account. */
@Path("/api/accounts/{accountId}/risk")
public class AccountResource {

    private final AlertHistory history;

    public AccountResource(AlertHistory history) {
        this.history = history;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An account's risk profile", description = "Payments, alerts, analysts' verdicts, "
            + "chargebacks, and the fraud rate: confirmed fraud (charged back or confirmed by an analyst) per payment.")
    public Uni<AccountRisk> risk(@PathParam("accountId") String accountId) {
        return history.risk(Params.id("accountId", accountId));
    }
}
