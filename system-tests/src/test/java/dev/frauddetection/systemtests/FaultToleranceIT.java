package dev.frauddetection.systemtests;

import dev.frauddetection.systemtests.SeparateServers.Part;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes under load: payments keep being written with plain SQL while one part of the system is killed with SIGKILL
 * and started again on the same ports and data. Afterwards every payment the database holds has a verdict, every
 * record of it carries the same decision, exactly the fraud-looking payments raised alerts, each has exactly one
 * fraud_alert row and at least one fraud-alerts record. Debezium and the detector are at-least-once, so a crash may
 * repeat verdict records and fraud-alerts records: the test counts and prints them; the alert store's primary key keeps
 * them out of the alerts table, and the dashboard is meant to keep them off the analyst's screen (what its stream
 * showed is counted too, and checked by the last test). Last, an overload: writing as fast as PostgreSQL takes it, far
 * above the sustainable rate, then the backlog must drain with every process alive and no OutOfMemoryError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    private static final double RATE = 200;
    private static final Duration SETTLE = Duration.ofSeconds(150);

    private SeparateServers system;
    private Outcomes outcomes;
    /** Per alerting payment of every test: how often the dashboard's stream showed it. */
    private final Map<String, Integer> dashboard = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per alerting payment: the test that wrote it, for failure messages. */
    private final Map<String, String> alertTest = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        system = SeparateServers.onFreePorts(Path.of("target/fault-data"));
        system.startAll();
        outcomes = new Outcomes(system.settings().kafkaBootstrap(), system.url(Part.DASHBOARD, "/api/alerts/stream"));
        outcomes.awaitWatching(Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() throws Exception {
        if (outcomes != null) {
            outcomes.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(200)
    void detectorKilledMidStream() throws Exception {
        crashAndRecover("detector", Part.DETECTOR);
    }

    @Test
    @Order(2)
    @Timeout(200)
    void kafkaConnectKilledMidStream() throws Exception {
        crashAndRecover("connect", Part.CONNECT);
    }

    @Test
    @Order(3)
    @Timeout(200)
    void kafkaBrokerKilledMidStream() throws Exception {
        crashAndRecover("kafka", Part.KAFKA);
    }

    @Test
    @Order(4)
    @Timeout(200)
    void postgresKilledMidStream() throws Exception {
        crashAndRecover("postgres", Part.POSTGRES);
    }

    /**
     * Ten times the sustainable rate (about 3,000 payments/s end to end here) is more than PostgreSQL takes from one
     * writer on this machine, so the writer offers 30,000/s and gets what the database commits; 15 s of it, then the
     * backlog must drain. The benchmark (bin/bench --overload-seconds 60) runs the full minute.
     */
    @Test
    @Order(5)
    @Timeout(330)
    void overloadAtTenTimesTheSustainableRateDrainsWithoutRunningOutOfMemory() throws Exception {
        long started = System.nanoTime();
        try (PaymentStream stream = new PaymentStream(system.settings().jdbcUrl(), "overload", 30_000, 1_000)) {
            Thread.sleep(8_000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long written = committed("overload").size();
        long drainStart = System.nanoTime();
        System.out.printf("%nFAULT overload: %d payments in %.1f s (%.0f/s, 30,000/s offered)%n", written, seconds,
                written / seconds);
        Summary summary = assertEveryPaymentJudgedOnceAndEveryAlertShownOnce("overload", Duration.ofSeconds(240));
        System.out.printf("%nFAULT overload: %d payments in %.1f s (%.0f/s offered 30,000/s), drained in %.1f s after "
                        + "writing stopped; %s%n%n", written, seconds, written / seconds,
                (System.nanoTime() - drainStart) / 1e9, summary);
        assertThat(system.processes().values()).allMatch(ProcessHandle::isAlive);
        try (Stream<Path> logs = Files.list(system.logs())) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain("OutOfMemoryError");
            }
        }
    }

    private void crashAndRecover(String tag, Part part) throws Exception {
        long downFor;
        long failedBatches;
        try (PaymentStream stream = new PaymentStream(system.settings().jdbcUrl(), tag, RATE, 10)) {
            Thread.sleep(4_000);
            long killed = System.nanoTime();
            system.kill(part);
            Thread.sleep(1_000);
            system.start(part);
            downFor = (System.nanoTime() - killed) / 1_000_000;
            Thread.sleep(4_000);
            failedBatches = stream.failedBatches();
        }
        Summary summary = assertEveryPaymentJudgedOnceAndEveryAlertShownOnce(tag, SETTLE);
        System.out.printf("%nFAULT %s killed (SIGKILL), back after %d ms; %d failed write batches retried; %s; "
                + "connectors restarted as Strimzi's autoRestart would: %s; dashboard stream opened %d times so far%n%n",
                part, downFor, failedBatches, summary, system.restartedConnectors(), outcomes.streamsOpened());
    }

    record Summary(int payments, int alerts, double alertsLagSeconds, int duplicateVerdictRecords,
                   int duplicateAlertRecords, int alertsNotShown, int alertsShownTwice) {
        @Override
        public String toString() {
            return payments + " payments, " + alerts + " alerts (published and shown within "
                    + String.format(Locale.ROOT, "%.1f", alertsLagSeconds) + " s of the last verdict), "
                    + duplicateVerdictRecords
                    + " duplicate verdict records, " + duplicateAlertRecords + " duplicate fraud-alerts records; "
                    + "dashboard stream: " + alertsNotShown + " alerts not shown, " + alertsShownTwice + " shown twice";
        }
    }

    /**
     * What an analyst sees: every alert of every test above shown exactly once on the dashboard's SSE stream, although
     * after the Kafka broker restart its consumer re-reads fraud-alerts records it had already shown (it remembers
     * the transactions it showed, far beyond its replay ring).
     */
    @Test
    @Order(6)
    void everyAlertWasShownExactlyOnceOnTheDashboard() {
        // Per test: how many alerts were shown never and how many more than once, and a few of them.
        Map<String, String> notOnce = new java.util.TreeMap<>();
        dashboard.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.groupingBy(e -> alertTest.get(e.getKey()))).forEach((test, alerts) -> notOnce.put(
                        test, alerts.stream().filter(e -> e.getValue() == 0).count() + " never, "
                                + alerts.stream().filter(e -> e.getValue() > 1).count() + " more than once, e.g. "
                                + alerts.stream().limit(3).map(e -> e.getKey() + " x" + e.getValue()).toList()));
        assertThat(notOnce).as("alerts not shown exactly once, of %d", dashboard.size()).isEmpty();
    }

    private Summary assertEveryPaymentJudgedOnceAndEveryAlertShownOnce(String tag, Duration timeout) throws Exception {
        Map<String, String> payments = committed(tag);
        assertThat(payments).as("payments written for " + tag).isNotEmpty();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!payments.keySet().stream().allMatch(outcomes.verdicts::containsKey) && System.nanoTime() < deadline) {
            system.restartFailedConnectors();
            Thread.sleep(500);
        }
        Set<String> unjudged = payments.keySet().stream().filter(id -> !outcomes.verdicts.containsKey(id))
                .collect(Collectors.toSet());
        assertThat(few(unjudged)).as("payments of %d without a verdict after %d s (connectors: cdc %s, outbox %s)",
                payments.size(), timeout.toSeconds(), system.connectorState("transactions-cdc"),
                system.connectorState("alerts-outbox")).isEmpty();

        int duplicates = 0;
        Set<String> alerting = new HashSet<>();
        for (String id : payments.keySet()) {
            List<String> decisions = outcomes.verdicts.get(id);
            assertThat(Set.copyOf(decisions)).as("decisions of " + id).hasSize(1);
            duplicates += decisions.size() - 1;
            if (!decisions.getFirst().equals("ALLOW")) {
                alerting.add(id);
            }
        }
        Set<String> fraudLooking = payments.entrySet().stream()
                .filter(e -> e.getValue().equals(PaymentStream.FRAUD_AMOUNT)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        // Differences only, so that a failure message says what went wrong instead of listing thousands of ids.
        assertThat(few(difference(alerting, fraudLooking))).as("payments that alerted but do not look like fraud")
                .isEmpty();
        assertThat(few(difference(fraudLooking, alerting))).as("fraud-looking payments that did not alert").isEmpty();

        Map<String, Integer> stored = storedAlerts(tag);
        assertThat(few(difference(alerting, stored.keySet()))).as("alerts without a fraud_alert row").isEmpty();
        assertThat(few(difference(stored.keySet(), alerting))).as("fraud_alert rows without an alerting verdict")
                .isEmpty();
        // No count of fraud_alert rows per transaction here: its primary key makes that 1 whatever happens (issue 22).
        // Once is checked where it can fail: on fraud-alerts (below: every alert published; duplicates counted in the
        // summary) and on the dashboard's stream (everyAlertWasShownExactlyOnceOnTheDashboard).

        // Alerts may lag their verdicts: after a PostgreSQL crash the outbox connector can find its replication slot
        // still active ("active for PID ...") and retry (with Debezium's 10 s defaults, seen in CI: published 20 s
        // after the verdicts; strimzi/connectors now retry every 2 s). The wait ends at the verdicts' deadline, but
        // not sooner than 30 s from here.
        long judged = System.nanoTime();
        long publishedBy = Math.max(deadline, judged + 30_000_000_000L);
        while (!alerting.stream().allMatch(id -> outcomes.alertRecords.containsKey(id)
                && outcomes.shownAlerts.containsKey(id)) && System.nanoTime() < publishedBy) {
            system.restartFailedConnectors();
            Thread.sleep(250);
        }
        double publishedAfter = (System.nanoTime() - judged) / 1e9;
        // A moment more, so that an alert shown twice (a re-read fraud-alerts record) would be counted.
        Thread.sleep(1_000);
        alerting.forEach(id -> {
            dashboard.put(id, count(outcomes.shownAlerts.get(id)));
            alertTest.put(id, tag);
        });
        int duplicateAlertRecords = alerting.stream()
                .mapToInt(id -> Math.max(0, count(outcomes.alertRecords.get(id)) - 1)).sum();
        Set<String> unpublished = alerting.stream().filter(id -> count(outcomes.alertRecords.get(id)) == 0)
                .collect(Collectors.toSet());
        assertThat(few(unpublished)).as("of %d alerts, those not on fraud-alerts %.1f s after the last verdict "
                + "(outbox connector %s)", alerting.size(), publishedAfter, system.connectorState("alerts-outbox"))
                .isEmpty();
        return new Summary(payments.size(), alerting.size(), publishedAfter, duplicates, duplicateAlertRecords,
                (int) alerting.stream().filter(id -> dashboard.get(id) == 0).count(),
                (int) alerting.stream().filter(id -> dashboard.get(id) > 1).count());
    }

    /** The size of a set and up to five of its ids: a failure message that CI's excerpt keeps whole. */
    private static String few(Set<String> ids) {
        return ids.isEmpty() ? "" : ids.size() + ", e.g. " + ids.stream().sorted().limit(5).toList();
    }

    private static Set<String> difference(Set<String> these, Set<String> butNotThose) {
        return these.stream().filter(id -> !butNotThose.contains(id)).collect(Collectors.toSet());
    }

    private static int count(AtomicInteger n) {
        return n == null ? 0 : n.get();
    }

    /** What the database holds for this tag: transaction id to amount. */
    private Map<String, String> committed(String tag) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id::text, amount::text FROM transactions WHERE account_id LIKE ?")) {
            ps.setString(1, PaymentStream.accountPrefix(tag) + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }

    private Map<String, Integer> storedAlerts(String tag) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT transaction_id, count(*) FROM fraud_alert WHERE account_id LIKE ? GROUP BY transaction_id")) {
            ps.setString(1, PaymentStream.accountPrefix(tag) + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return rows;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(system.settings().jdbcUrl(), "payments", "payments-local");
    }
}
