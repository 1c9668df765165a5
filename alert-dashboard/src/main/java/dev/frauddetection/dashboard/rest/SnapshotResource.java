package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.aggregates.Snapshot;
import dev.frauddetection.dashboard.aggregates.SnapshotPublisher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The live figures on demand: the same snapshot the stream pushes as {@code event: snapshot}. */
@Path("/api/snapshot")
public class SnapshotResource {

    private final SnapshotPublisher snapshots;

    public SnapshotResource(SnapshotPublisher snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Transaction rate, per-bank and per-merchant totals, risky accounts and merchants, "
            + "pipeline health, verdict latency and detection quality, as of now")
    public Snapshot snapshot() {
        return snapshots.current();
    }
}
