package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.config.DashboardConfig;
import dev.frauddetection.dashboard.history.AlertHistory;
import dev.frauddetection.dashboard.history.Cursor;
import dev.frauddetection.dashboard.history.HistoryFilter;
import dev.frauddetection.dashboard.model.AlertRecord;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Stored alerts from PostgreSQL: filtered, paged, one by one, or as CSV. */
@Path("/api/alerts")
@APIResponse(responseCode = "400", description = "A parameter is invalid; invalid_params names it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class HistoryResource {

    /** The filters shared by the JSON and the CSV history. */
    public static class Filters {
        @QueryParam("account")
        @Parameter(description = "Only this account's alerts")
        public String account;
        @QueryParam("from")
        @Parameter(description = "Event time from (inclusive), ISO-8601, e.g. 2026-11-22T10:00:00Z")
        public String from;
        @QueryParam("to")
        @Parameter(description = "Event time to (exclusive), ISO-8601")
        public String to;
        @QueryParam("decision")
        @Parameter(description = "REVIEW, ALERT or BLOCK")
        public String decision;
        @QueryParam("rule")
        @Parameter(description = "Only alerts where this rule fired, e.g. high-amount")
        public String rule;

        HistoryFilter toFilter() {
            HistoryFilter filter = new HistoryFilter(Params.id("account", account), Params.instant("from", from),
                    Params.instant("to", to), Params.decision(decision), Params.id("rule", rule));
            Params.range(filter.from(), filter.to());
            return filter;
        }
    }

    private final AlertHistory history;
    private final DashboardConfig.History config;

    public HistoryResource(AlertHistory history, DashboardConfig config) {
        this.history = history;
        this.config = config.history();
    }

    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stored alerts, newest first, filtered and paged",
            description = "Pass next_cursor of one page as cursor to get the next; it is null on the last page.")
    public Uni<AlertHistory.Page> page(@BeanParam Filters filters,
                                       @Parameter(description = "Page size, 1 to fraud.dashboard.history.max-page-size (default 50)")
                                       @QueryParam("limit") String limit,
                                       @Parameter(description = "next_cursor from the previous page")
                                       @QueryParam("cursor") String cursor) {
        HistoryFilter filter = filters.toFilter();
        int size = Params.intIn("limit", limit, 50, 1, config.maxPageSize());
        Cursor after = Params.cursor(cursor);
        return history.page(filter, after, size);
    }

    @GET
    @Path("/history.csv")
    @Produces("text/csv")
    @Operation(summary = "Stored alerts as CSV (RFC 4180), newest first, same filters as /api/alerts/history",
            description = "At most fraud.dashboard.history.max-export-rows rows; narrow the filters for more.")
    public Uni<Response> csv(@BeanParam Filters filters) {
        HistoryFilter filter = filters.toFilter();
        return history.rows(filter, null, config.maxExportRows()).map(rows -> Response.ok(AlertCsv.write(rows))
                .type("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"fraud-alerts.csv\"")
                .build());
    }

    @GET
    @Path("/{transactionId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One stored alert with its triage")
    @APIResponse(responseCode = "404", description = "No alert for this transaction")
    public Uni<AlertRecord> one(@PathParam("transactionId") String transactionId) {
        String id = Params.id("transactionId", transactionId);
        return history.find(id).map(alert -> {
            if (alert == null) {
                throw new NotFoundException("no alert for transaction " + id);
            }
            return alert;
        });
    }
}
