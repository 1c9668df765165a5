package dev.frauddetection.dashboard.rest;

import dev.frauddetection.dashboard.security.LoggedOutSessions;
import dev.frauddetection.dashboard.service.AlertFeed;
import dev.frauddetection.dashboard.sse.SseBroker;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

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
    private final LoggedOutSessions loggedOut;
    private final SseBroker streams;

    public DashboardPage(Template dashboard, AlertFeed feed, SecurityIdentity identity, LoggedOutSessions loggedOut,
                         SseBroker streams) {
        this.dashboard = dashboard;
        this.feed = feed;
        this.identity = identity;
        this.loggedOut = loggedOut;
        this.streams = streams;
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

    /**
     * Logging out (a POST: a link or an image elsewhere cannot log anyone out): the browser forgets the login cookie,
     * the server refuses the value it was sent from now on (LoggedOutSessions), and the user's open live streams end
     * (those of the user's other sessions reconnect by themselves with their own cookie).
     */
    @POST
    @Path("/logout")
    public Response logout(@CookieParam("quarkus-credential") String cookie) {
        String name = identity.getPrincipal().getName();
        if (cookie != null && !cookie.isBlank()) {
            loggedOut.logOut(cookie);
        }
        streams.closeStreamsOf(name);
        return Response.seeOther(URI.create("/login.html"))
                .cookie(new NewCookie.Builder(loggedOut.cookieName()).path("/").maxAge(0).value("").build())
                .build();
    }
}
