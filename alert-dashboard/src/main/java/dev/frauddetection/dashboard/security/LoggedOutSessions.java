package dev.frauddetection.dashboard.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login cookies that were logged out. Quarkus' form login keeps the session in an encrypted cookie and nowhere on the
 * server, so clearing the cookie in the browser would leave a copy of it valid until it times out; the value presented
 * at logout is refused from then on, until that timeout has passed (after which it is invalid anyway). Bounded: a
 * value is kept no longer than the session timeout, and at most {@link #MAX_KEPT} are kept.
 */
@ApplicationScoped
public class LoggedOutSessions {

    static final int MAX_KEPT = 100_000;

    private final String cookieName;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Long> until = new ConcurrentHashMap<>();

    public LoggedOutSessions(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                             String cookieName,
                             @ConfigProperty(name = "quarkus.http.auth.form.timeout", defaultValue = "PT30M") Duration timeout) {
        this.cookieName = cookieName;
        this.timeout = timeout;
    }

    public String cookieName() {
        return cookieName;
    }

    /** Refuses this cookie value from now until it would have timed out. */
    public void logOut(String cookieValue) {
        long now = clock.millis();
        until.values().removeIf(expiry -> expiry <= now);
        if (until.size() >= MAX_KEPT) {
            until.keySet().stream().findAny().ifPresent(until::remove);
        }
        until.put(cookieValue, now + timeout.toMillis());
    }

    boolean loggedOut(String cookieValue) {
        Long expiry = until.get(cookieValue);
        return expiry != null && expiry > clock.millis();
    }

    void register(@Observes Filters filters) {
        filters.register(this::refuse, SecurityHandlerPriorities.AUTHENTICATION + 20);
    }

    /** Before authentication: a logged-out cookie is as good as none (API: 401; page: back to the login form). */
    private void refuse(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(cookieName);
        if (cookie == null || !loggedOut(cookie.getValue())) {
            rc.next();
            return;
        }
        rc.response().addCookie(Cookie.cookie(cookieName, "").setPath("/").setMaxAge(0));
        if (rc.normalizedPath().startsWith("/api/")) {
            rc.response().setStatusCode(401)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .end("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"this session was logged out; log in again\"}");
        } else {
            rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/login.html").end();
        }
    }
}
