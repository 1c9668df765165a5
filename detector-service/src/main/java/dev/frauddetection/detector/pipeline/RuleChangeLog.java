package dev.frauddetection.detector.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The audit trail of rule-set changes (table rule_set_change): who published which version, when and why, and the
 * set itself. A version is claimed by inserting its row, so two administrators starting from the same version cannot
 * both publish the next one.
 */
@ApplicationScoped
public class RuleChangeLog {

    /** One published change, as the API and the dashboard show it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Change(long version, long previousVersion, String changedBy, Instant changedAt, String reason,
                         Long rolledBackTo, int rules) {
    }

    /** Thrown when another change claimed the version first. */
    public static class VersionTaken extends RuntimeException {
        VersionTaken(long version) {
            super("version " + version + " was published by someone else meanwhile");
        }
    }

    private final DataSource database;

    public RuleChangeLog(DataSource database) {
        this.database = database;
    }

    /** Claims {@code rules.version()} for this change; throws VersionTaken if it is claimed already. */
    public void claim(RuleSet rules, long previousVersion, String changedBy, String reason, Long rolledBackTo) {
        try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO rule_set_change (version, previous_version, changed_by, reason, rolled_back_to, rule_set)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING""")) {
            insert.setLong(1, rules.version());
            insert.setLong(2, previousVersion);
            insert.setString(3, changedBy);
            insert.setString(4, reason);
            if (rolledBackTo == null) {
                insert.setNull(5, Types.BIGINT);
            } else {
                insert.setLong(5, rolledBackTo);
            }
            insert.setString(6, new String(DefaultScoring.json(rules), StandardCharsets.UTF_8));
            if (insert.executeUpdate() == 0) {
                throw new VersionTaken(rules.version());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the rule-set change: " + e.getMessage(), e);
        }
    }

    /** Gives a claimed version back when its rule set could not be published. */
    public void release(long version) {
        try (Connection c = database.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM rule_set_change WHERE version = ?")) {
            delete.setLong(1, version);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot release rule-set version " + version + ": " + e.getMessage(), e);
        }
    }

    /** The newest changes first, at most {@code limit}. */
    public List<Change> recent(int limit) {
        try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT version, previous_version, changed_by, changed_at, reason, rolled_back_to, rule_set
                FROM rule_set_change ORDER BY version DESC LIMIT ?""")) {
            select.setInt(1, limit);
            List<Change> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Long rolledBack = rows.getObject(6, Long.class);
                    changes.add(new Change(rows.getLong(1), rows.getLong(2), rows.getString(3),
                            rows.getTimestamp(4).toInstant(), rows.getString(5), rolledBack,
                            DefaultScoring.parseRules(rows.getString(7).getBytes(StandardCharsets.UTF_8)).rules().size()));
                }
            }
            return changes;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the rule-set changes: " + e.getMessage(), e);
        }
    }

    /** The rule set published as {@code version}, if it was published through the API. */
    public Optional<RuleSet> find(long version) {
        try (Connection c = database.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT rule_set FROM rule_set_change WHERE version = ?")) {
            select.setLong(1, version);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(DefaultScoring.parseRules(rows.getString(1)
                        .getBytes(StandardCharsets.UTF_8))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read rule-set version " + version + ": " + e.getMessage(), e);
        }
    }
}
