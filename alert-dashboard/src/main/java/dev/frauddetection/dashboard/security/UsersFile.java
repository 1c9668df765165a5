package dev.frauddetection.dashboard.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dashboard's users, from a properties file: for each user {@code <name>.password} (a {@link PasswordHash}) and
 * {@code <name>.roles} (comma-separated: viewer, analyst). Read once at start-up.
 */
public record UsersFile(Map<String, User> users) {

    public record User(String name, String passwordHash, Set<String> roles) {
    }

    /**
     * Reads the file at {@code location} (a filesystem path, else a classpath resource).
     *
     * @throws IllegalStateException with the reason when it is missing, empty or malformed
     */
    public static UsersFile read(String location) {
        Properties properties = new Properties();
        Path path = Path.of(location);
        try {
            if (Files.isRegularFile(path)) {
                try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    properties.load(in);
                }
            } else {
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                    if (in == null) {
                        throw new IllegalStateException("The dashboard's users file " + location + " does not exist; "
                                + "set fraud.dashboard.security.users-file (see alert-dashboard/README.md)");
                    }
                    properties.load(in);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the dashboard's users file " + location, e);
        }
        return parse(properties, location);
    }

    static UsersFile parse(Properties properties, String location) {
        Map<String, User> users = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.endsWith(".password")) {
                continue;
            }
            String name = key.substring(0, key.length() - ".password".length());
            String hash = properties.getProperty(key);
            try {
                PasswordHash.matches(new char[0], hash);
            } catch (RuntimeException e) {
                throw new IllegalStateException(location + ": " + key + " is " + e.getMessage());
            }
            Set<String> roles = Arrays.stream(properties.getProperty(name + ".roles", "").split(","))
                    .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
            if (roles.isEmpty()) {
                throw new IllegalStateException(location + ": " + name + ".roles is missing (viewer or analyst)");
            }
            users.put(name, new User(name, hash, roles));
        }
        if (users.isEmpty()) {
            throw new IllegalStateException(location + " defines no users (<name>.password and <name>.roles)");
        }
        return new UsersFile(Map.copyOf(users));
    }
}
