package dev.frauddetection.localstack;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The signed tokens every caller of ingest-service and detector-service presents (docs/security.md): a fresh RSA key
 * pair, its public half for the services (public-key.pem), and one token per kind of caller, each naming its roles
 * and the one service it is for.
 *
 * <p>No private key is ever written: the local stack makes a new key pair and new tokens at every start, in
 * {@code <data dir>/tokens} (a token from an earlier run stops working), and {@code bin/fraud-tokens <dir>} runs
 * {@link #main} to make the same files for the Secrets the chart reads. Rotating is running it again: a new key
 * pair, so every earlier token stops working at once when the services get the new public key.
 */
public final class ServiceTokens {

    static final String ISSUER = "fraud-detection";

    /** A kind of caller: its token's file name (and subject), the service it calls and its roles there. */
    record Caller(String name, String audience, List<String> roles) {
    }

    static final List<Caller> CALLERS = List.of(
            new Caller("payment-writer", "ingest-service", List.of("payment-writer")),
            new Caller("alert-dashboard", "ingest-service", List.of("feedback")),
            new Caller("simulator", "ingest-service", List.of("simulator")),
            new Caller("rules-admin", "detector-service", List.of("rules-admin")),
            new Caller("rules-viewer", "detector-service", List.of("rules-viewer")));

    private ServiceTokens() {
    }

    /** Writes public-key.pem and {@code <caller>.jwt} for every caller to {@code dir}; returns the public key's path. */
    public static Path issue(Path dir, Duration lifetime) throws IOException {
        Files.createDirectories(dir);
        KeyPair keys = rsa();
        Path publicKey = dir.resolve("public-key.pem");
        Files.writeString(publicKey, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        for (Caller caller : CALLERS) {
            secret(dir.resolve(caller.name() + ".jwt"), sign(keys.getPrivate(), caller, lifetime));
        }
        return publicKey;
    }

    static String sign(PrivateKey key, Caller caller, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(caller.audience());
        claims.setSubject(caller.name());
        claims.setClaim("upn", caller.name());
        claims.setStringListClaim("groups", caller.roles());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetime.toMinutes());
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign the token of " + caller.name(), e);
        }
    }

    /** {@code bin/fraud-tokens <dir> [days]}: a key pair and every caller's token, for Kubernetes Secrets. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: bin/fraud-tokens <output dir> [days the tokens are valid, default 90]");
            System.exit(2);
        }
        int days = args.length == 2 ? Integer.parseInt(args[1]) : 90;
        Path dir = Path.of(args[0]);
        issue(dir, Duration.ofDays(days));
        System.out.printf("Wrote %s: public-key.pem (for the services) and a token per caller, valid %d days (no "
                + "private key is kept: to rotate, run this again and replace the Secrets):%n", dir, days);
        CALLERS.forEach(c -> System.out.printf("  %-20s for %-17s roles %s%n", c.name() + ".jwt", c.audience(), c.roles()));
    }

    private static void secret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
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
