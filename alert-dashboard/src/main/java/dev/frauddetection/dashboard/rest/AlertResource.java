package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.model.Alert;
import dev.frauddetection.dashboard.service.AlertFeed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/** The latest alerts from memory (the live view); the stored history is {@link HistoryResource}. */
@Path("/api/alerts")
public class AlertResource {

    static final int DEFAULT_LIMIT = 50;

    private final AlertFeed feed;

    public AlertResource(AlertFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latest alerts, newest first", description = "The live stream of them is GET "
            + "/api/alerts/stream (text/event-stream; Last-Event-ID resumes).")
    public List<Alert> latest(@Parameter(description = "How many alerts, 1 to the replay size (default 50)")
                              @QueryParam("limit") String limit) {
        return feed.latest(Params.intIn("limit", limit, DEFAULT_LIMIT, 1, feed.capacity()));
    }
}
