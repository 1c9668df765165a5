package dev.frauddetection.dashboard.security;

import dev.frauddetection.dashboard.config.DashboardConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks user names and passwords (basic auth, the login form) against the users file. PBKDF2 is deliberately slow,
 * so it runs on a worker thread, also for names that do not exist (against a hash of the same cost, so timing does not
 * tell names apart); repeated wrong passwords are throttled per name and address (LoginThrottle); and a password once verified is remembered as its SHA-256 so that an API client
 * sending basic auth with every request does not pay for it every time. Started eagerly: a missing or malformed users
 * file stops start-up with the reason instead of locking everyone out later.
 */
@Startup
@ApplicationScoped
public class UsersFileIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /**
     * Checked for user names that do not exist, at the cost the real hashes have (the highest in the file), so that
     * a wrong name takes as long as a wrong password and names cannot be found by timing.
     */
    private final String unknownUserHash;
    private final UsersFile users;
    private final LoginThrottle throttle;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Counter throttled;

    public UsersFileIdentityProvider(DashboardConfig config, MeterRegistry registry) {
        this.users = UsersFile.read(config.security().usersFile());
        this.throttle = new LoginThrottle(config.security().maxLoginFailures(), config.security().loginFailureWindow(),
                100_000, Clock.systemUTC());
        int iterations = users.users().values().stream().mapToInt(u -> PasswordHash.iterations(u.passwordHash()))
                .max().orElse(PasswordHash.PRODUCTION_ITERATIONS);
        this.unknownUserHash = PasswordHash.create(UUID.randomUUID().toString().toCharArray(), iterations);
        this.throttled = Counter.builder("fraud.dashboard.logins.throttled")
                .description("Login attempts refused unchecked after too many wrong passwords").register(registry);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        String name = request.getUsername();
        String address = address(request);
        if (!throttle.allowed(name, address)) {
            throttled.increment();
            return Uni.createFrom().failure(new AuthenticationFailedException("too many wrong passwords; wait"));
        }
        UsersFile.User user = users.users().get(name);
        char[] password = request.getPassword().getPassword();
        byte[] digest = user == null ? null : sha256(user.name(), password);
        byte[] known = user == null ? null : verified.get(user.name());
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return Uni.createFrom().item(identity(user));
        }
        return context.runBlocking(() -> {
            boolean matches = PasswordHash.matches(password, user == null ? unknownUserHash : user.passwordHash());
            if (user == null || !matches) {
                throttle.failed(name, address);
                throw new AuthenticationFailedException();
            }
            throttle.succeeded(name, address);
            verified.put(user.name(), digest);
            return identity(user);
        });
    }

    /** What checking a password of a name that does not exist costs, in PBKDF2 iterations. */
    int unknownUserIterations() {
        return PasswordHash.iterations(unknownUserHash);
    }

    /** The client's address as this server sees it (behind a proxy, configure Quarkus' forwarded-header support). */
    private static String address(UsernamePasswordAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        return rc == null || rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host();
    }

    /** The form login's cookie names the user; the roles come from the file as it is now. */
    SecurityIdentity trusted(String name) {
        UsersFile.User user = users.users().get(name);
        if (user == null) {
            throw new AuthenticationFailedException();
        }
        return identity(user);
    }

    private static SecurityIdentity identity(UsersFile.User user) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.roles()).build();
    }

    private static byte[] sha256(String name, char[] password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity behind a form-login cookie. */
    @ApplicationScoped
    public static class Trusted implements IdentityProvider<TrustedAuthenticationRequest> {

        private final UsersFileIdentityProvider users;

        public Trusted(UsersFileIdentityProvider users) {
            this.users = users;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request,
                                                  AuthenticationRequestContext context) {
            return Uni.createFrom().item(() -> users.trusted(request.getPrincipal()));
        }
    }
}
