package dev.frauddetection.ingest.support;

import dev.frauddetection.ingest.security.CallerRoles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;

/**
 * Tokens for the tests, signed with a key pair made for this test run (never a key that exists anywhere else), and
 * the service configured to trust its public half: the real SmallRye JWT verification runs on every test request.
 */
public class CallerTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "fraud-detection";
    public static final String AUDIENCE = "ingest-service";
    private static final KeyPair KEYS = rsa();

    @Override
    public Map<String, String> start() {
        try {
            Path pem = Files.createTempFile("ingest-test-token-key", ".pem");
            pem.toFile().deleteOnExit();
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return Map.of("mp.jwt.verify.publickey.location", pem.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    /** A request from the payment system. */
    public static RequestSpecification writer() {
        return as(CallerRoles.PAYMENT_WRITER);
    }

    /** A request from alert-dashboard's feedback channel (chargebacks). */
    public static RequestSpecification feedback() {
        return as(CallerRoles.FEEDBACK);
    }

    /** A request from whoever drives the simulator. */
    public static RequestSpecification simulator() {
        return as(CallerRoles.SIMULATOR);
    }

    /** A request whose token carries exactly these roles (none: a valid token with no role at all). */
    public static RequestSpecification as(String... roles) {
        return given().auth().oauth2(token(Set.of(roles)));
    }

    /** A valid token for this service with these roles, an hour to live. */
    public static String token(Set<String> roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("test-" + String.join("+", roles))
                .groups(roles).expiresIn(Duration.ofHours(1)).sign(KEYS.getPrivate());
    }

    /** The private key, for tests that forge tokens the service must refuse (expired, wrong audience). */
    public static java.security.PrivateKey signingKey() {
        return KEYS.getPrivate();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }
}
