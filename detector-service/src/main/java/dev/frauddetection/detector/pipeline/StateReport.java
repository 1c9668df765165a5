package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.checkpoint.LiveState;
import dev.frauddetection.detector.state.DetectorState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Reports what this instance holds (accounts and merchants, their budgets, histories evicted for them and how
 * recently active the last evicted account was) to the detector_state_report table every {@code fraud.detector.state.report-interval}, where
 * the dashboard's pipeline health shows it beside the connectors and the lag. A failed report is logged once per
 * outage and retried at the next interval; nothing else waits for it.
 */
@ApplicationScoped
public class StateReport {

    private static final Logger LOG = Logger.getLogger(StateReport.class);

    private final DataSource database;
    private final DetectorState state;
    private final String instance = instanceName();
    private final Instant startedAt = Instant.now();
    private volatile boolean failing;

    public StateReport(DataSource database, LiveState live) {
        this.database = database;
        this.state = live.state();
    }

    /** The pod's name on Kubernetes (its HOSTNAME), else the host's; with the process id, unique per running detector. */
    static String instanceName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "detector";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    @Scheduled(every = "${fraud.detector.state.report-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void report() {
        int accounts;
        int budget;
        long evicted;
        long age;
        int merchants;
        int merchantBudget;
        long merchantsEvicted;
        // The pipeline, the checkpointer and the rebalance callbacks take turns on the state by locking it (LiveState).
        synchronized (state.lock()) {
            accounts = state.accounts();
            budget = state.maxAccounts();
            evicted = state.evictedForBudget();
            age = state.budgetEvictionAge();
            merchants = state.merchants();
            merchantBudget = state.maxMerchants();
            merchantsEvicted = state.merchantsEvictedForBudget();
        }
        try (Connection c = database.getConnection();
             PreparedStatement upsert = c.prepareStatement("""
                     INSERT INTO detector_state_report (instance, accounts, account_budget, evicted_for_budget,
                         budget_eviction_age_ms, merchants, merchant_budget, merchants_evicted_for_budget, started_at,
                         reported_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                     ON CONFLICT (instance) DO UPDATE SET accounts = excluded.accounts,
                         account_budget = excluded.account_budget, evicted_for_budget = excluded.evicted_for_budget,
                         budget_eviction_age_ms = excluded.budget_eviction_age_ms, merchants = excluded.merchants,
                         merchant_budget = excluded.merchant_budget,
                         merchants_evicted_for_budget = excluded.merchants_evicted_for_budget, reported_at = now()""");
             PreparedStatement expire = c.prepareStatement(
                     "DELETE FROM detector_state_report WHERE reported_at < now() - interval '1 day'")) {
            upsert.setString(1, instance);
            upsert.setInt(2, accounts);
            upsert.setInt(3, budget);
            upsert.setLong(4, evicted);
            upsert.setLong(5, Math.max(0, age));
            upsert.setInt(6, merchants);
            upsert.setInt(7, merchantBudget);
            upsert.setLong(8, merchantsEvicted);
            upsert.setTimestamp(9, Timestamp.from(startedAt));
            upsert.executeUpdate();
            expire.executeUpdate();
            if (failing) {
                LOG.info("State report stored again");
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {
                LOG.warnf("Cannot store the state report (retried every interval): %s", e.getMessage());
                failing = true;
            }
        }
    }

    /** A stopped instance takes its row with it, so the dashboard does not count it for the next minute. */
    void onStop(@Observes ShutdownEvent event) {
        try (Connection c = database.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM detector_state_report WHERE instance = ?")) {
            delete.setString(1, instance);
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("State report not removed at shutdown: %s", e.getMessage());
        }
    }
}
