package dev.frauddetection.ingest.rest;

import dev.frauddetection.ingest.security.CallerRoles;
import dev.frauddetection.ingest.service.RejectedRequest.Kind;
import dev.frauddetection.ingest.service.RejectedRequest;
import dev.frauddetection.ingest.simulator.SimulatorRunner.BatchRun;
import dev.frauddetection.ingest.simulator.SimulatorRunner.Status;
import dev.frauddetection.ingest.simulator.SimulatorRunner;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;

/** Controls the transaction simulator at runtime. */
@Path("/api/simulator")
@RolesAllowed(CallerRoles.SIMULATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SimulatorResource {

    /** Start or stop streaming; a rate given while running changes it without resetting the simulation. */
    public record StreamingControl(@NotNull Boolean running,
                                   @Positive @DecimalMax("100000") Double rate) {
    }

    /**
     * N payments of simulated history ending at {@code end} (default now), written as fast as possible. The same seed
     * and end give the same payments (a replayed batch writes nothing new). Without an end, two runs of one seed
     * differ once their histories straddle an hour differently: accounts are picked by their activity at the hour.
     */
    public record BatchRequest(@NotNull @Min(1) @Max(5_000_000) Integer count, Long seed, @PastOrPresent Instant end) {
    }

    private final SimulatorRunner runner;

    public SimulatorResource(SimulatorRunner runner) {
        this.runner = runner;
    }

    @GET
    @Operation(summary = "What the simulator is doing: streaming rate, seed, and the last batch's progress or result")
    public Status status() {
        requireEnabled();
        return runner.status();
    }

    @PUT
    @Path("/streaming")
    @Operation(summary = "Start, stop, or change the rate of streaming (transactions per second across all banks)")
    public Status streaming(@Valid @NotNull StreamingControl control) {
        requireEnabled();
        if (control.running()) {
            runner.startStreaming(control.rate() != null ? control.rate() : runner.status().rate());
        } else {
            runner.stopStreaming();
        }
        return runner.status();
    }

    @POST
    @Path("/batches")
    @Operation(summary = "Write N simulated payments as fast as possible", description = "Runs in the background; "
            + "GET /api/simulator shows progress and, when finished, the achieved transactions per second.")
    @APIResponse(responseCode = "202", description = "Started")
    @APIResponse(responseCode = "409", description = "A batch is already running")
    public Response batch(@Valid @NotNull BatchRequest request) {
        requireEnabled();
        try {
            BatchRun run = runner.startBatch(request.count(), request.seed() != null ? request.seed() : System.nanoTime(),
                    request.end());
            return Response.accepted(run).build();
        } catch (IllegalStateException running) {
            throw new RejectedRequest(Kind.CONFLICT, running.getMessage());
        }
    }

    private void requireEnabled() {
        if (!runner.enabled()) {
            throw new RejectedRequest(Kind.SIMULATOR_DISABLED, "fraud.simulator.enabled is false here: simulated "
                    + "payments cannot be told from real ones downstream, so production deployments have no simulator");
        }
    }
}
