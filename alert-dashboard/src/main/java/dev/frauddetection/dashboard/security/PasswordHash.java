package dev.frauddetection.dashboard.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Password hashes as the users file stores them: {@code pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>}, PBKDF2
 * with HMAC-SHA256 and a 32-byte key, which the JDK computes without any library and OpenSSL reproduces:
 * {@code openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt pass:PASSWORD -kdfopt hexsalt:SALT -kdfopt iter:N PBKDF2}
 * (remove the colons from its output).
 */
public final class PasswordHash {

    static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int PRODUCTION_ITERATIONS = 210_000;
    private static final int KEY_BITS = 256;

    private PasswordHash() {
    }

    /** A fresh hash with a random salt. */
    public static String create(char[] password, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return SCHEME + ":" + iterations + ":" + HexFormat.of().formatHex(salt) + ":"
                + HexFormat.of().formatHex(derive(password, salt, iterations));
    }

    /**
     * Whether the password matches the stored hash, compared in constant time.
     *
     * @throws IllegalArgumentException when the stored value is not a hash of this scheme
     */
    public static boolean matches(char[] password, String stored) {
        String[] parts = stored.trim().split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("not a " + SCHEME + ":<iterations>:<salt hex>:<hash hex> value");
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = HexFormat.of().parseHex(parts[2]);
        byte[] expected = HexFormat.of().parseHex(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    /** The iteration count of a stored hash (its cost). */
    public static int iterations(String stored) {
        String[] parts = stored.trim().split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("not a " + SCHEME + ":<iterations>:<salt hex>:<hash hex> value");
        }
        return Integer.parseInt(parts[1]);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, KEY_BITS)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    /** Prints a hash for the users file: {@code java -cp <classes> ...PasswordHash PASSWORD}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PasswordHash PASSWORD");
            System.exit(2);
        }
        System.out.println(create(args[0].toCharArray(), PRODUCTION_ITERATIONS));
    }
}
