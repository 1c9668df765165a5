package dev.frauddetection.dashboard.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the dashboard talks to, for real, on free ports of 127.0.0.1: PostgreSQL 17 (zonky's embedded binaries) with
 * the owners' own migrations (ingest-service's transactions and fraud_labels, the detector's fraud_alert, copied from
 * their source trees by the build so they cannot drift), and one small HTTP server standing in for ingest-service's
 * status API and Kafka Connect's REST API. Everything is stopped when the tests end, even when they fail.
 */
public class UpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;
    private static FakeUpstream upstream;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE payments LOGIN PASSWORD 'payments-test'");
                st.execute("CREATE DATABASE payments OWNER payments");
            }
            try (Connection c = connection(); Statement st = c.createStatement()) {
                // ingest-service first (it owns transactions), then the detector, each in Flyway's version order.
                for (String owner : new String[] {"ingest", "detector"}) {
                    for (Path migration : versioned(migrations().resolve(owner))) {
                        st.execute(Files.readString(migration));
                    }
                }
            }
            upstream = FakeUpstream.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the tests' PostgreSQL or HTTP server", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the payments database", e);
        }
        int port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/payments",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/payments",
                "quarkus.datasource.username", "payments",
                "quarkus.datasource.password", "payments-test",
                "quarkus.flyway.username", "payments",
                "quarkus.flyway.password", "payments-test",
                "quarkus.rest-client.ingest.url", upstream.url(),
                "fraud.dashboard.pipeline.connect-url", upstream.url());
    }

    private static List<Path> versioned(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().substring(1, f.getFileName().toString().indexOf("__")))))
                    .toList();
        }
    }

    private static Path migrations() {
        try {
            return Paths.get(UpstreamResource.class.getClassLoader().getResource("owner-migrations").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection connection() throws SQLException {
        return postgres.getDatabase("payments", "payments").getConnection();
    }

    public static FakeUpstream upstream() {
        return upstream;
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.stop();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stop the tests' PostgreSQL", e);
            }
        }
    }
}
