package dev.frauddetection.dashboard.security;

import dev.frauddetection.dashboard.config.DashboardConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks user names and passwords (basic auth, the login form) against the users file. PBKDF2 is deliberately slow,
 * so it runs on a worker thread, and a password once verified is remembered as its SHA-256 so that an API client
 * sending basic auth with every request does not pay for it every time. Started eagerly: a missing or malformed users
 * file stops start-up with the reason instead of locking everyone out later.
 */
@Startup
@ApplicationScoped
public class UsersFileIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final UsersFile users;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public UsersFileIdentityProvider(DashboardConfig config) {
        this.users = UsersFile.read(config.security().usersFile());
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        UsersFile.User user = users.users().get(request.getUsername());
        if (user == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        char[] password = request.getPassword().getPassword();
        byte[] digest = sha256(user.name(), password);
        byte[] known = verified.get(user.name());
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return Uni.createFrom().item(identity(user));
        }
        return context.runBlocking(() -> {
            if (!PasswordHash.matches(password, user.passwordHash())) {
                throw new AuthenticationFailedException();
            }
            verified.put(user.name(), digest);
            return identity(user);
        });
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
