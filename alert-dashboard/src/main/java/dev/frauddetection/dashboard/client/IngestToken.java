package dev.frauddetection.dashboard.client;

import dev.frauddetection.dashboard.config.DashboardConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Sends the dashboard's own token (role feedback) with every call to ingest-service. The file is read at start-up,
 * so a missing one stops the dashboard with the reason, and again whenever its modification time changes, so a
 * rotated token is picked up without a restart.
 */
@Startup
@ApplicationScoped
public class IngestToken implements ClientHeadersFactory {

    private final Path file;
    private volatile Snapshot current;

    private record Snapshot(FileTime modified, String token) {
    }

    public IngestToken(DashboardConfig config) {
        this.file = Path.of(config.ingestTokenFile());
        this.current = read();
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        outgoing.putSingle("Authorization", "Bearer " + token());
        return outgoing;
    }

    String token() {
        Snapshot seen = current;
        try {
            if (!Files.getLastModifiedTime(file).equals(seen.modified())) {
                seen = read();
                current = seen;
            }
        } catch (IOException | UncheckedIOException e) {
            // Mid-rotation (a Secret's files are swapped by a symlink): keep the token we have.
        }
        return seen.token();
    }

    private Snapshot read() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException("The ingest token file " + file + " is empty");
            }
            return new Snapshot(modified, token);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard's ingest token from " + file
                    + " (fraud.dashboard.ingest-token-file; see docs/security.md)", e);
        }
    }
}
