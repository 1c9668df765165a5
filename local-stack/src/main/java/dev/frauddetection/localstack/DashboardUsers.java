package dev.frauddetection.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The alert-dashboard's users for the local stack: analyst / analyst-local (may triage) and viewer / viewer-local
 * (read only), written once to the data directory in the dashboard's users-file format (PBKDF2-SHA256 hashes, see
 * alert-dashboard's PasswordHash) and kept across runs, so a changed file is not overwritten.
 */
public final class DashboardUsers {

    public static final String ANALYST = "analyst";
    public static final String ANALYST_PASSWORD = "analyst-local";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-local";
    /** Fewer rounds than production's 210,000: these are documented passwords, and start-up stays quick. */
    private static final int ITERATIONS = 10_000;

    private DashboardUsers() {
    }

    public static Path ensure(Path dataDir) throws IOException {
        Path file = dataDir.resolve("alert-dashboard-users.properties");
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(dataDir);
        Files.writeString(file, """
                # alert-dashboard users for the local stack (see README: dev login). <name>.password is
                # pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>; roles: viewer (read only), analyst (may triage).
                %s.password=%s
                %s.roles=analyst
                %s.password=%s
                %s.roles=viewer
                """.formatted(ANALYST, hash(ANALYST_PASSWORD), ANALYST, VIEWER, hash(VIEWER_PASSWORD), VIEWER));
        return file;
    }

    static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
            return "pbkdf2-sha256:" + ITERATIONS + ":" + HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }
}
