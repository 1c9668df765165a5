package dev.frauddetection.dashboard.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API clients get 401 with a Basic challenge, not the login form. With form and basic authentication both on,
 * Quarkus answers an anonymous request with the form's redirect to the login page, which is right for a browser
 * opening the page but wrong for a script calling /api. So a request to /api that carries neither credentials nor the
 * login cookie is answered here, before authentication runs; everything else goes on to Quarkus' mechanisms (the
 * page's own calls carry the cookie).
 */
@ApplicationScoped
public class ApiChallenge {

    private final String cookieName;

    public ApiChallenge(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                        String cookieName) {
        this.cookieName = cookieName;
    }

    void register(@Observes Filters filters) {
        filters.register(this::challenge, SecurityHandlerPriorities.AUTHENTICATION + 10);
    }

    private void challenge(RoutingContext rc) {
        boolean api = rc.normalizedPath().startsWith("/api/");
        if (api && rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null && rc.request().getCookie(cookieName) == null) {
            rc.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Basic realm=\"fraud-dashboard\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .end("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"log in, or send basic authentication\"}");
            return;
        }
        rc.next();
    }
}
