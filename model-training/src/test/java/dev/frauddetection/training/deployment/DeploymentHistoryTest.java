package dev.frauddetection.training.deployment;

import dev.frauddetection.detector.training.HistoryCsv.Label;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * train --from-database's reading, on a real PostgreSQL 17 with ingest-service's and alert-dashboard's own
 * migrations: the window's payments in event-time order, outcomes from chargebacks and triage with later evidence
 * winning, nothing from outside the window, and a fingerprint that names exactly the data read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class DeploymentHistoryTest {

    public static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant UNTIL = Instant.parse("2026-11-21T00:00:00Z");
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private EmbeddedPostgres postgres;
    private String url;
    /** The window's payments: every 31st is fraud at a risky merchant, with a large amount. */
    private final List<UUID> frauds = new ArrayList<>();
    private final List<UUID> legit = new ArrayList<>();
    private UUID outside;
    private UUID chargedBackThenCleared;
    private UUID confirmedByAnAnalyst;

    @BeforeAll
    void startDatabaseWithPayments() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        url = postgres.getJdbcUrl("postgres", "postgres");
        try (Connection db = postgres.getPostgresDatabase().getConnection(); Statement sql = db.createStatement()) {
            try (Stream<Path> files = Files.list(ROOT.resolve("ingest-service/src/main/resources/db/migration"))) {
                for (Path migration : files.sorted().toList()) {
                    sql.execute(Files.readString(migration));
                }
            }
            sql.execute("CREATE SCHEMA dashboard; SET search_path TO dashboard");
            sql.execute(Files.readString(ROOT.resolve(
                    "alert-dashboard/src/main/resources/db/dashboard/V1__alert_triage.sql")));
            sql.execute("SET search_path TO public");
            insertPayments(db);
        }
    }

    @AfterAll
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    public String jdbcUrl() {
        return url;
    }

    @Test
    void readsTheWindowInEventTimeWithOutcomesAsTheyBecameKnown() throws Exception {
        DeploymentHistory history = DeploymentHistory.read(url, "postgres", "", SINCE, UNTIL);

        assertThat(history.payments()).hasSize(frauds.size() + legit.size());
        assertThat(history.payments()).extracting(p -> p.time()).isSorted();
        assertThat(history.payments()).extracting(p -> p.id()).doesNotContain(outside.toString());
        // Chargebacks and an analyst's confirmation are fraud; a false positive decided after a chargeback wins.
        assertThat(history.labels().get(confirmedByAnAnalyst.toString()).fraud()).isTrue();
        assertThat(history.labels().get(chargedBackThenCleared.toString()).fraud()).isFalse();
        // Every fraud charged back but the one cleared by a later false positive, and the one only an analyst confirmed.
        long expectedFrauds = frauds.size() - 1;
        assertThat(history.frauds()).isEqualTo(expectedFrauds);
        assertThat(history.labels().values().stream().filter(Label::fraud).count()).isEqualTo(expectedFrauds);
        assertThat(history.labels()).doesNotContainKey(outside.toString());
        assertThat(history.labels().values()).allSatisfy(label -> assertThat(label.knownAt()).isNotNull());
    }

    @Test
    void theFingerprintNamesExactlyTheDataRead() throws Exception {
        String first = DeploymentHistory.read(url, "postgres", "", SINCE, UNTIL).fingerprint();
        assertThat(DeploymentHistory.read(url, "postgres", "", SINCE, UNTIL).fingerprint()).isEqualTo(first);
        assertThat(DeploymentHistory.read(url, "postgres", "", SINCE, UNTIL.minusSeconds(5 * 86_400)).fingerprint())
                .isNotEqualTo(first);
    }

    @Test
    void trainFromTheDatabaseWritesAModelThatRanksItsFraudsFirst(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "unused-by-trust-auth");
        Path model = dir.resolve("model.json");

        dev.frauddetection.training.command.Train.train(new String[]{"--from-database", url, "--db-user", "postgres",
                "--db-password-file", password.toString(), "--since", "2026-11-01", "--until", "2026-11-21",
                "--model", model.toString(), "--version", "db-test", "--kind", "logistic-regression"});

        dev.frauddetection.detector.scoring.FraudModel trained = dev.frauddetection.detector.scoring.FraudModel.read(model);
        assertThat(trained.version()).isEqualTo("db-test");
        assertThat(trained.evaluation().get("test_frauds")).isPositive();
        assertThat(trained.evaluation().get("average_precision")).isGreaterThan(0.8);
    }

    @Test
    void anEmptyOrBackwardWindowIsRefused() {
        assertThatThrownBy(() -> DeploymentHistory.read(url, "postgres", "", UNTIL, SINCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end after it starts");
    }

    private void insertPayments(Connection db) throws Exception {
        Random random = new Random(4);
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO transactions (id, account_id, card_fingerprint, bank_id, payment_system, channel, amount,
                    currency, merchant_id, merchant_category, country, lat, lon, created_at)
                VALUES (?, ?, 'fp', 'bank-a', 'VISA', ?, ?, 'EUR', ?, '5411', 'DE', 52.5, 13.4, ?)""")) {
            for (int i = 0; i < 3_000; i++) {
                UUID id = UUID.randomUUID();
                boolean fraud = i % 31 == 7;
                insert.setObject(1, id);
                insert.setString(2, "acc-" + random.nextInt(300));
                insert.setString(3, fraud || random.nextBoolean() ? "ONLINE" : "CARD_PRESENT");
                insert.setBigDecimal(4, java.math.BigDecimal.valueOf(fraud ? 900 + random.nextInt(4_000)
                        : 5 + random.nextInt(120)));
                insert.setString(5, fraud ? "m-risky-" + random.nextInt(3) : "m-" + random.nextInt(60));
                insert.setTimestamp(6, Timestamp.from(SINCE.plusSeconds(500L * i)));
                insert.addBatch();
                (fraud ? frauds : legit).add(id);
            }
            outside = UUID.randomUUID();
            insert.setObject(1, outside);
            insert.setString(2, "acc-1");
            insert.setString(3, "ONLINE");
            insert.setBigDecimal(4, java.math.BigDecimal.valueOf(5000));
            insert.setString(5, "m-risky-0");
            insert.setTimestamp(6, Timestamp.from(SINCE.minusSeconds(3_600)));
            insert.addBatch();
            insert.executeBatch();
        }
        try (Statement sql = db.createStatement()) {
            // All but the last fraud are charged back; the last is only confirmed by an analyst.
            confirmedByAnAnalyst = frauds.getLast();
            StringBuilder ids = new StringBuilder("'" + outside + "'");
            frauds.subList(0, frauds.size() - 1).forEach(id -> ids.append(",'").append(id).append("'"));
            sql.execute("UPDATE transactions SET status = 'CHARGEBACK' WHERE id IN (" + ids + ")");
            chargedBackThenCleared = frauds.getFirst();
            sql.execute("INSERT INTO dashboard.alert_triage (transaction_id, outcome, analyst, decided_at, feedback) "
                    + "VALUES ('" + confirmedByAnAnalyst + "', 'CONFIRMED_FRAUD', 'ana', now(), 'PENDING'), "
                    + "('" + chargedBackThenCleared + "', 'FALSE_POSITIVE', 'ana', now() + interval '1 hour', "
                    + "'NOT_APPLICABLE'), ('" + legit.getFirst() + "', 'FALSE_POSITIVE', 'ana', now(), 'NOT_APPLICABLE')");
        }
    }
}
