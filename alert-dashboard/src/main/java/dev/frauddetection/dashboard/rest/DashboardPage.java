package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.service.AlertFeed;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * The analysts' page: the latest alerts rendered on the server (with their event ids, so the live stream resumes
 * right after them), then everything kept current over SSE by static/dashboard.js.
 */
@Path("/")
public class DashboardPage {

    private final Template dashboard;
    private final AlertFeed feed;
    private final SecurityIdentity identity;
    private final String cookieName;

    public DashboardPage(Template dashboard, AlertFeed feed, SecurityIdentity identity,
                         @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                         String cookieName) {
        this.dashboard = dashboard;
        this.feed = feed;
        this.identity = identity;
        this.cookieName = cookieName;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        var alerts = feed.latestSequenced(AlertResource.DEFAULT_LIMIT);
        long lastId = alerts.isEmpty() ? 0 : alerts.getFirst().id();
        return dashboard.data("alerts", alerts)
                .data("lastEventId", lastId)
                .data("user", identity.getPrincipal().getName())
                .data("analyst", identity.hasRole("analyst"));
    }

    /** Form login keeps the identity in an encrypted cookie; logging out is forgetting it. */
    @GET
    @Path("/logout")
    public Response logout() {
        return Response.seeOther(URI.create("/login.html"))
                .cookie(new NewCookie.Builder(cookieName).path("/").maxAge(0).value("").build())
                .build();
    }
}
