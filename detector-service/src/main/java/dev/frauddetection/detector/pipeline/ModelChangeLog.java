package dev.frauddetection.detector.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit trail of the model registry (table model_change): registrations and every change of champion and
 * challenger, with who, when and why. An assignment change claims its sequence number by inserting its row, so two
 * administrators starting from the same assignment cannot both publish the next one.
 */
@ApplicationScoped
public class ModelChangeLog {

    public enum Action { REGISTER, CHALLENGE, WITHDRAW, PROMOTE, ROLLBACK }

    /** One change, as the API and the dashboard show it; sequence is null for a registration. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Change(Action action, Long sequence, String version, String champion, String challenger,
                         String changedBy, Instant changedAt, String reason) {
    }

    /** Thrown when the version was registered by someone else meanwhile. */
    public static class VersionTaken extends RuntimeException {
        VersionTaken(String version) {
            super("version " + version + " was registered by someone else meanwhile");
        }
    }

    /** Thrown when another change claimed the sequence number first. */
    public static class SequenceTaken extends RuntimeException {
        SequenceTaken(long sequence) {
            super("assignment " + sequence + " was published by someone else meanwhile");
        }
    }

    private final DataSource database;

    public ModelChangeLog(DataSource database) {
        this.database = database;
    }

    /** Records a registration about to be published; returns its id, for {@link #forget} if publishing fails. */
    public long registering(String version, String changedBy, String reason) {
        try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO model_change (action, version, changed_by, reason) VALUES ('REGISTER', ?, ?, ?)
                RETURNING id""")) {
            insert.setString(1, version);
            insert.setString(2, changedBy);
            insert.setString(3, reason);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new VersionTaken(version);
            }
            throw new IllegalStateException("Cannot record the model registration: " + e.getMessage(), e);
        }
    }

    /** Removes a registration's row whose model could not be published. */
    public void forget(long id) {
        try (Connection c = database.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM model_change WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot remove model change " + id + ": " + e.getMessage(), e);
        }
    }

    /** Claims {@code change.sequence()}; throws SequenceTaken if it is claimed already. */
    public void claim(Change change) {
        if (!insert(change)) {
            throw new SequenceTaken(change.sequence());
        }
    }

    /** Gives a claimed sequence number back when its assignment could not be published. */
    public void release(long sequence) {
        try (Connection c = database.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM model_change WHERE sequence = ?")) {
            delete.setLong(1, sequence);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot release model assignment " + sequence + ": " + e.getMessage(), e);
        }
    }

    /** The newest changes first, at most {@code limit}. */
    public List<Change> recent(int limit) {
        try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT action, sequence, version, champion, challenger, changed_by, changed_at, reason
                FROM model_change ORDER BY id DESC LIMIT ?""")) {
            select.setInt(1, limit);
            List<Change> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new Change(Action.valueOf(rows.getString(1)), rows.getObject(2, Long.class),
                            rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                            rows.getTimestamp(7).toInstant(), rows.getString(8)));
                }
            }
            return changes;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the model changes: " + e.getMessage(), e);
        }
    }

    private boolean insert(Change change) {
        try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO model_change (action, sequence, version, champion, challenger, changed_by, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sequence) DO NOTHING""")) {
            insert.setString(1, change.action().name());
            if (change.sequence() == null) {
                insert.setNull(2, Types.BIGINT);
            } else {
                insert.setLong(2, change.sequence());
            }
            insert.setString(3, change.version());
            insert.setString(4, change.champion());
            insert.setString(5, change.challenger());
            insert.setString(6, change.changedBy());
            insert.setString(7, change.reason());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the model change: " + e.getMessage(), e);
        }
    }
}
