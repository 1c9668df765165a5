package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.model.Alert;
import dev.frauddetection.dashboard.service.AlertFeed;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/api/alerts")
public class AlertResource {

    static final int DEFAULT_LIMIT = 50;

    private final AlertFeed feed;

    public AlertResource(AlertFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latest alerts, newest first")
    public Response latest(@Parameter(description = "How many alerts, 1 to 500 (default 50)")
                           @QueryParam("limit") String limit) {
        int count;
        try {
            count = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            return Problem.badRequest("limit", "must be a whole number from 1 to " + AlertFeed.CAPACITY + ", got '" + limit + "'");
        }
        if (count < 1 || count > AlertFeed.CAPACITY) {
            return Problem.badRequest("limit", "must be from 1 to " + AlertFeed.CAPACITY + ", got " + count);
        }
        return Response.ok(feed.latest(count)).build();
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "New alerts as they happen, one JSON alert per Server-Sent Event")
    public Multi<Alert> stream() {
        return feed.live();
    }
}
