package io.triad.licensing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The license audit trail and the evaluation's memory, in an H2 file ({@code <data>/license/license.mv.db}): every
 * state change, installation, dongle arrival and departure, with the time and the reason; and the grace start and
 * clock high-water mark ({@link EvaluationMemory}), which must survive restarts.
 *
 * <p>NOTE: thread safe (one connection, synchronized). A storage error is thrown, never swallowed.
 */
public final class LicenseHistory implements AutoCloseable {
    /** One entry of the trail. */
    public record Entry(long id, Instant at, String kind, String state, String licenseId, String message) {
        public Entry {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The length a message is cut to. */
    static final int MAX_MESSAGE = 2000;

    private final Connection db;

    private LicenseHistory(Connection db) {
        this.db = db;
    }

    /**
     * Opens (creating) the database {@code <directory>/license.mv.db}.
     *
     * @throws SQLException when H2 cannot open it
     */
    public static LicenseHistory open(Path directory) throws SQLException {
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("license") + ";DB_CLOSE_ON_EXIT=FALSE";
        Connection c = DriverManager.getConnection(url, "triad", "");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS license_history (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " at TIMESTAMP(3) WITH TIME ZONE NOT NULL, kind VARCHAR(32) NOT NULL, state VARCHAR(16) NOT NULL,"
                    + " license_id VARCHAR(256) NOT NULL, message VARCHAR(" + MAX_MESSAGE + ") NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS license_memory (name VARCHAR(32) PRIMARY KEY,"
                    + " at TIMESTAMP(3) WITH TIME ZONE)");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new LicenseHistory(c);
    }

    /** Appends an entry. */
    synchronized void add(Instant at, String kind, String state, String licenseId, String message) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO license_history (at, kind, state, license_id, message) VALUES (?, ?, ?, ?, ?)")) {
            p.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
            p.setString(2, kind);
            p.setString(3, state);
            p.setString(4, licenseId);
            p.setString(5, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
            p.executeUpdate();
        }
    }

    /** The newest {@code limit} entries, newest first. */
    synchronized List<Entry> newest(int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT id, at, kind, state, license_id, message FROM license_history ORDER BY id DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(
                            r.getLong(1),
                            r.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6)));
                }
            }
        }
        return out;
    }

    /** The remembered grace start and clock high-water mark. */
    synchronized EvaluationMemory memory() throws SQLException {
        return new EvaluationMemory(read("graceSince"), read("highWater"));
    }

    /** Remembers them. */
    synchronized void remember(EvaluationMemory m) throws SQLException {
        write("graceSince", m.graceSince());
        write("highWater", m.highWater());
    }

    private @Nullable Instant read(String name) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT at FROM license_memory WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                java.time.OffsetDateTime t = r.getObject(1, java.time.OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private void write(String name, @Nullable Instant at) throws SQLException {
        try (PreparedStatement p =
                db.prepareStatement("MERGE INTO license_memory (name, at) KEY (name) VALUES (?, ?)")) {
            p.setString(1, name);
            p.setObject(2, at == null ? null : at.atOffset(java.time.ZoneOffset.UTC));
            p.executeUpdate();
        }
    }

    /** Keeps only the newest {@code keep} entries. */
    synchronized void trim(int keep) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "DELETE FROM license_history WHERE id <= (SELECT COALESCE(MAX(id), 0) FROM license_history) - ?")) {
            p.setInt(1, keep);
            p.executeUpdate();
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the license database failed: " + e.getMessage(), e);
        }
    }
}
