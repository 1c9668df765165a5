package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.service.AlertFeed;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The analysts' page: the latest alerts rendered on the server, then new ones pushed over SSE. */
@Path("/")
public class DashboardPage {

    private final Template dashboard;
    private final AlertFeed feed;

    public DashboardPage(Template dashboard, AlertFeed feed) {
        this.dashboard = dashboard;
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return dashboard.data("alerts", feed.latest(AlertResource.DEFAULT_LIMIT));
    }
}
