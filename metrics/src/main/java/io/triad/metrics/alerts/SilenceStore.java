package io.triad.metrics.alerts;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.store.H2File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences and maintenance windows, kept in their own H2 database file ({@code alerts.mv.db} in the directory given,
 * the metrics data directory in the appliance) so they survive restarts. Expired silences are kept for {@code
 * keepExpired} and then deleted; at most {@code maxSilences} silences that have not expired exist at once.
 *
 * <p>NOTE: thread safe (methods synchronise on the store); reads ({@link #silences()}) are served from memory.
 * {@link #close()} closes the database. H2 writes each change before it returns ({@link H2File#url}); a database
 * file that is corrupt all the same is set aside at {@link #open}, never failing it.
 */
public final class SilenceStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SilenceStore.class);
    /** The database's file name without H2's {@code .mv.db}. */
    private static final String DATABASE = "alerts";

    private static final String SCHEMA_SILENCES = "CREATE TABLE IF NOT EXISTS silences ("
            + "id BIGINT AUTO_INCREMENT PRIMARY KEY, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL, "
            + "created_by VARCHAR(200) NOT NULL, comment VARCHAR(2000) NOT NULL, created_at BIGINT NOT NULL)";
    private static final String SCHEMA_MATCHERS = "CREATE TABLE IF NOT EXISTS silence_matchers ("
            + "silence_id BIGINT NOT NULL, pos INT NOT NULL, name VARCHAR(200) NOT NULL, op VARCHAR(2) NOT NULL, "
            + "matcher_value VARCHAR(2000) NOT NULL, PRIMARY KEY (silence_id, pos), "
            + "FOREIGN KEY (silence_id) REFERENCES silences(id) ON DELETE CASCADE)";

    /** The longest createdBy and comment and matcher value the store takes (the columns' sizes). */
    static final int MAX_CREATED_BY = 200;

    static final int MAX_COMMENT = 2000;

    private final Connection db;
    private final Clock clock;
    private final int maxSilences;
    private final Duration keepExpired;
    private volatile List<Silence> silences;

    private SilenceStore(Connection db, Clock clock, int maxSilences, Duration keepExpired) throws SQLException {
        this.db = db;
        this.clock = clock;
        this.maxSilences = maxSilences;
        this.keepExpired = keepExpired;
        this.silences = load();
    }

    /**
     * Opens (or creates) the store in {@code dir}. A database file that H2 cannot open because it is corrupt is moved
     * aside ({@code alerts.corrupt-<UTC time>.mv.db}, the newest {@link H2File#DEFAULT_KEPT} kept), logged as an error,
     * and replaced by an empty one: its silences are lost, the alerts keep running.
     *
     * @throws IOException when the database cannot be opened for another reason (locked by another process, an I/O
     *     error): the file is left as it is
     */
    public static SilenceStore open(Path dir, Clock clock, int maxSilences, Duration keepExpired) throws IOException {
        if (maxSilences <= 0) {
            throw new IllegalArgumentException("maxSilences must be > 0; got: " + maxSilences);
        }
        Files.createDirectories(dir);
        Path base = dir.resolve(DATABASE).toAbsolutePath();
        String url = H2File.url(base);
        try {
            try {
                return open(url, H2File.fileBytes(base), clock, maxSilences, keepExpired);
            } catch (SQLException e) {
                if (!H2File.isCorruption(e)) {
                    throw e;
                }
                Path moved = H2File.setAside(base, clock.instant(), H2File.DEFAULT_KEPT);
                LOG.error(
                        "silences database {}.mv.db is corrupt ({}); moved it to {} and started an empty one: its"
                                + " silences are lost and have to be added again",
                        base,
                        H2File.describe(e),
                        moved,
                        e);
                return open(url, 0, clock, maxSilences, keepExpired);
            }
        } catch (SQLException e) {
            throw new IOException("cannot open the silences database " + base + ".mv.db: " + H2File.describe(e), e);
        }
    }

    private static SilenceStore open(String url, long fileBytes, Clock clock, int maxSilences, Duration keepExpired)
            throws SQLException {
        Connection c = DriverManager.getConnection(url, "sa", "");
        try {
            H2File.checkNotEmptied(c, fileBytes, "SILENCES");
            try (Statement s = c.createStatement()) {
                s.execute(SCHEMA_SILENCES);
                s.execute(SCHEMA_MATCHERS);
            }
            return new SilenceStore(c, clock, maxSilences, keepExpired);
        } catch (SQLException | RuntimeException e) {
            H2File.abandon(c, e);
            throw e;
        }
    }

    /** Every silence kept (pending, active, and recently expired), oldest first. */
    public List<Silence> silences() {
        return silences;
    }

    /** One silence. */
    public Optional<Silence> silence(long id) {
        return silences.stream().filter(s -> s.id() == id).findFirst();
    }

    /**
     * Stores a new silence (its id is ignored) and returns it with its id.
     *
     * @throws IllegalArgumentException when it has already ended, a text is too long, or {@code maxSilences} have not
     *     expired yet
     * @throws IOException when the database cannot be written
     */
    public synchronized Silence add(Silence s) throws IOException {
        Instant now = clock.instant();
        if (!s.endsAt().isAfter(now)) {
            throw new IllegalArgumentException("the silence's endsAt (" + s.endsAt() + ") is not in the future");
        }
        if (s.createdBy().length() > MAX_CREATED_BY || s.comment().length() > MAX_COMMENT) {
            throw new IllegalArgumentException("createdBy must have at most " + MAX_CREATED_BY
                    + " characters and comment at most " + MAX_COMMENT + "; got "
                    + s.createdBy().length() + " and "
                    + s.comment().length());
        }
        for (LabelMatcher m : s.matchers()) {
            if (m.name().length() > MAX_CREATED_BY || m.value().length() > MAX_COMMENT) {
                throw new IllegalArgumentException("a matcher's name must have at most " + MAX_CREATED_BY
                        + " characters and its value at most " + MAX_COMMENT + "; got: " + m);
            }
        }
        long live = silences.stream()
                .filter(x -> x.status(now) != Silence.Status.EXPIRED)
                .count();
        if (live >= maxSilences) {
            throw new IllegalArgumentException("there are already " + live + " silences that have not expired (limit "
                    + maxSilences + "); expire some first");
        }
        try {
            db.setAutoCommit(false);
            long id;
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO silences (starts_at, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, s.startsAt().toEpochMilli());
                p.setLong(2, s.endsAt().toEpochMilli());
                p.setString(3, s.createdBy());
                p.setString(4, s.comment());
                p.setLong(5, s.createdAt().toEpochMilli());
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT INTO silence_matchers (silence_id, pos, name, op, matcher_value) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < s.matchers().size(); i++) {
                    LabelMatcher m = s.matchers().get(i);
                    p.setLong(1, id);
                    p.setInt(2, i);
                    p.setString(3, m.name());
                    p.setString(4, m.type().symbol());
                    p.setString(5, m.value());
                    p.addBatch();
                }
                p.executeBatch();
            }
            purge(now);
            db.commit();
            silences = load();
            return silence(id).orElseThrow();
        } catch (SQLException e) {
            rollback(e);
            throw new IOException("cannot store the silence: " + e.getMessage(), e);
        }
    }

    /**
     * Expires a silence now (as Alertmanager's DELETE does): it stops muting and is kept for {@code keepExpired}.
     *
     * @return false when there is no such silence or it had expired already
     * @throws IOException when the database cannot be written
     */
    public synchronized boolean expire(long id) throws IOException {
        Instant now = clock.instant();
        Optional<Silence> s = silence(id);
        if (s.isEmpty() || s.get().status(now) == Silence.Status.EXPIRED) {
            return false;
        }
        // a pending silence ends before it starts: keep endsAt > startsAt by moving both
        long end = now.toEpochMilli();
        try (PreparedStatement p =
                db.prepareStatement("UPDATE silences SET ends_at = ?, starts_at = LEAST(starts_at, ?) WHERE id = ?")) {
            db.setAutoCommit(true);
            p.setLong(1, end);
            p.setLong(2, end - 1);
            p.setLong(3, id);
            p.executeUpdate();
            silences = load();
            return true;
        } catch (SQLException e) {
            throw new IOException("cannot expire silence " + id + ": " + e.getMessage(), e);
        }
    }

    private void purge(Instant now) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM silences WHERE ends_at < ?")) {
            p.setLong(1, now.minus(keepExpired).toEpochMilli());
            p.executeUpdate();
        }
    }

    private void rollback(SQLException e) {
        try {
            db.rollback();
        } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    private List<Silence> load() throws SQLException {
        Map<Long, List<LabelMatcher>> matchers = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT silence_id, name, op, matcher_value FROM silence_matchers ORDER BY silence_id, pos")) {
            while (r.next()) {
                matchers.computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                        .add(LabelMatcher.of(r.getString(2), type(r.getString(3)), r.getString(4)));
            }
        }
        List<Silence> out = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT id, starts_at, ends_at, created_by, comment, created_at FROM silences ORDER BY id")) {
            while (r.next()) {
                long id = r.getLong(1);
                out.add(new Silence(
                        id,
                        matchers.getOrDefault(id, List.of()),
                        Instant.ofEpochMilli(r.getLong(2)),
                        Instant.ofEpochMilli(r.getLong(3)),
                        r.getString(4),
                        r.getString(5),
                        Instant.ofEpochMilli(r.getLong(6))));
            }
        }
        return List.copyOf(out);
    }

    private static LabelMatcher.Type type(String symbol) {
        for (LabelMatcher.Type t : LabelMatcher.Type.values()) {
            if (t.symbol().equals(symbol)) {
                return t;
            }
        }
        throw new IllegalStateException("unknown matcher operator in the silences database: '" + symbol + "'");
    }

    /** Closes the database without H2's closing work, which a kill could interrupt ({@link H2File#shutDown}). */
    @Override
    public synchronized void close() throws IOException {
        try {
            H2File.shutDown(db);
        } catch (SQLException e) {
            throw new IOException("cannot close the silences database: " + e.getMessage(), e);
        }
    }
}
