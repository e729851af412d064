package io.triad.web.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * Users, API tokens, browser sessions and saved searches, in an H2 database under the data directory ({@code
 * <data>/web/triad.mv.db}).
 *
 * <p>Passwords are stored as Argon2id hashes ({@link PasswordHasher}); API tokens and session ids as their SHA-256
 * (they are 32 random bytes, so a fast hash is enough); a token is shown once, when it is made. Removing a user
 * removes its tokens, sessions and saved searches.
 *
 * <p>The database runs in H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}): the first process to open it (the
 * running appliance) serves it to later ones (the {@code triad user} commands) over a TCP port bound to 127.0.0.1
 * and protected by a random key kept in the lock file beside the database, so users can be changed while the appliance
 * runs. The directory is made readable by its owner only.
 *
 * <p>NOTE: thread safe (a small connection pool; every method is one statement or one transaction). Session expiry
 * follows the injected {@link Clock}. {@link #close()} closes the pool; the database closes with the last connection.
 */
public final class UserStore implements AutoCloseable {
    /** The database file name without H2's {@code .mv.db} suffix. */
    public static final String DATABASE = "triad";

    private static final int MAX_PASSWORD_CHARS = 1024;

    static {
        // The auto server listens for the other processes on this machine only (H2 would bind every interface).
        // H2 reads the property once, when its first database opens.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final JdbcConnectionPool pool;
    private final boolean inMemory;
    private final AuthConfig config;
    private final Clock clock;
    private final Duration touchInterval;

    private UserStore(JdbcConnectionPool pool, boolean inMemory, AuthConfig config, Clock clock) {
        this.pool = pool;
        this.inMemory = inMemory;
        this.config = config;
        this.clock = clock;
        Duration tenth = config.sessionIdleTimeout().dividedBy(10);
        this.touchInterval = tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }

    /**
     * Opens (creating when missing) the database in {@code directory}.
     *
     * @throws IOException when the directory cannot be made or the database cannot be opened
     */
    public static UserStore open(Path directory, AuthConfig config, Clock clock) throws IOException {
        Files.createDirectories(directory);
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve(DATABASE) + ";AUTO_SERVER=TRUE";
        return open(url, false, config, clock, directory.toString());
    }

    /** A store in memory, gone when closed (tests): no file, no auto server. */
    public static UserStore inMemory(AuthConfig config, Clock clock) throws IOException {
        String url = "jdbc:h2:mem:triad-users-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return open(url, true, config, clock, "memory");
    }

    private static UserStore open(String url, boolean inMemory, AuthConfig config, Clock clock, String where)
            throws IOException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "triad", "");
        pool.setMaxConnections(8);
        UserStore store = new UserStore(pool, inMemory, config, clock);
        try {
            store.createSchema();
        } catch (SQLException e) {
            pool.dispose();
            throw new IOException("cannot open the user database in " + where + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void createSchema() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS users ("
                    + "name VARCHAR(64) PRIMARY KEY, "
                    + "role VARCHAR(16) NOT NULL, "
                    + "password_hash VARCHAR(512) NOT NULL, "
                    + "created BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS api_tokens ("
                    + "token_hash CHAR(64) PRIMARY KEY, "
                    + "username VARCHAR(64) NOT NULL REFERENCES users(name) ON DELETE CASCADE, "
                    + "created BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS sessions ("
                    + "id_hash CHAR(64) PRIMARY KEY, "
                    + "username VARCHAR(64) NOT NULL REFERENCES users(name) ON DELETE CASCADE, "
                    + "csrf_token VARCHAR(64) NOT NULL, "
                    + "created BIGINT NOT NULL, "
                    + "last_seen BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS saved_searches ("
                    + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "username VARCHAR(64) NOT NULL REFERENCES users(name) ON DELETE CASCADE, "
                    + "name VARCHAR(" + SavedSearch.MAX_NAME + ") NOT NULL, "
                    + "query VARCHAR(" + SavedSearch.MAX_TEXT + ") NOT NULL, "
                    + "time_from VARCHAR(" + SavedSearch.MAX_TIME + ") NOT NULL, "
                    + "time_to VARCHAR(" + SavedSearch.MAX_TIME + ") NOT NULL, "
                    + "state VARCHAR(" + SavedSearch.MAX_TEXT + ") NOT NULL, "
                    + "created BIGINT NOT NULL, "
                    + "UNIQUE (username, name))");
        }
    }

    /** The limits this store applies. */
    public AuthConfig config() {
        return config;
    }

    /** Connections of the database's pool currently in use (for the {@code triad_h2_pool_active_connections} meter). */
    public int activeConnections() {
        return pool.getActiveConnections();
    }

    // ---- users

    /** The number of users. */
    public int userCount() {
        return query("SELECT COUNT(*) FROM users", ps -> {}, rs -> rs.getInt(1)).get(0);
    }

    /** Every user, by name. */
    public List<User> users() {
        return query("SELECT name, role, created FROM users ORDER BY name", ps -> {}, UserStore::readUser);
    }

    /** The user named {@code name}, if there is one. */
    public Optional<User> user(String name) {
        return query(
                        "SELECT name, role, created FROM users WHERE name = ?",
                        ps -> ps.setString(1, name),
                        UserStore::readUser)
                .stream()
                .findFirst();
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException when the name or the password is not acceptable (saying why)
     * @throws ConflictException when a user of that name exists
     */
    public User addUser(String name, Role role, char[] password) {
        User.checkName(name);
        checkPassword(password);
        User user = new User(name, role, now());
        String hash = PasswordHasher.hash(password);
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, role.id());
            ps.setString(3, hash);
            ps.setLong(4, user.created().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                throw new ConflictException("user '" + name + "' exists already");
            }
            throw new StorageException("cannot add user '" + name + "'", e);
        }
        return user;
    }

    /**
     * Sets a new password and ends the user's sessions (API tokens stay valid).
     *
     * @throws UnknownUserException when there is no such user
     */
    public void setPassword(String name, char[] password) {
        checkPassword(password);
        String hash = PasswordHasher.hash(password);
        int changed = update("UPDATE users SET password_hash = ? WHERE name = ?", ps -> {
            ps.setString(1, hash);
            ps.setString(2, name);
        });
        if (changed == 0) {
            throw new UnknownUserException(name);
        }
        update("DELETE FROM sessions WHERE username = ?", ps -> ps.setString(1, name));
    }

    /**
     * Removes a user with its tokens, sessions and saved searches.
     *
     * @throws UnknownUserException when there is no such user
     * @throws ConflictException when it is the last admin (nobody could manage users any more)
     */
    public synchronized void removeUser(String name) {
        User user = user(name).orElseThrow(() -> new UnknownUserException(name));
        if (user.role() == Role.ADMIN) {
            int admins = query(
                            "SELECT COUNT(*) FROM users WHERE role = ?",
                            ps -> ps.setString(1, Role.ADMIN.id()),
                            rs -> rs.getInt(1))
                    .get(0);
            if (admins <= 1) {
                throw new ConflictException("'" + name + "' is the last admin; add another admin first");
            }
        }
        update("DELETE FROM users WHERE name = ?", ps -> ps.setString(1, name));
    }

    /**
     * The user whose name and password these are (Argon2id: tens of milliseconds on purpose); empty when the user is
     * unknown or the password is wrong (both take the same time).
     */
    public Optional<User> authenticate(String name, char[] password) {
        if (password.length > MAX_PASSWORD_CHARS) {
            return Optional.empty();
        }
        List<String[]> rows = query(
                "SELECT name, role, created, password_hash FROM users WHERE name = ?",
                ps -> ps.setString(1, name),
                rs -> new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3)), rs.getString(4)});
        if (rows.isEmpty()) {
            PasswordHasher.verifyNobody(password);
            return Optional.empty();
        }
        String[] row = rows.get(0);
        if (!PasswordHasher.verify(password, row[3])) {
            return Optional.empty();
        }
        return Optional.of(new User(row[0], Role.parse(row[1]), Instant.ofEpochMilli(Long.parseLong(row[2]))));
    }

    private void checkPassword(char[] password) {
        if (password.length < config.minPasswordLength()) {
            throw new IllegalArgumentException(
                    "password must be at least " + config.minPasswordLength() + " characters; got: " + password.length);
        }
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException(
                    "password must be at most " + MAX_PASSWORD_CHARS + " characters; got: " + password.length);
        }
    }

    // ---- API tokens

    /**
     * Makes a new API token for a user and returns it; only its SHA-256 is kept, so this is the only time it is seen.
     *
     * @throws UnknownUserException when there is no such user
     */
    public String createToken(String name) {
        if (user(name).isEmpty()) {
            throw new UnknownUserException(name);
        }
        String token = Secrets.newToken();
        update("INSERT INTO api_tokens (token_hash, username, created) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, Secrets.sha256(token));
            ps.setString(2, name);
            ps.setLong(3, now().toEpochMilli());
        });
        return token;
    }

    /** The user an API token belongs to, if it is one. */
    public Optional<User> userForToken(String token) {
        if (!token.startsWith(Secrets.TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return query(
                        "SELECT u.name, u.role, u.created FROM api_tokens t JOIN users u ON u.name = t.username "
                                + "WHERE t.token_hash = ?",
                        ps -> ps.setString(1, Secrets.sha256(token)),
                        UserStore::readUser)
                .stream()
                .findFirst();
    }

    /** Revokes every API token of a user; returns how many there were. */
    public int revokeTokens(String name) {
        return update("DELETE FROM api_tokens WHERE username = ?", ps -> ps.setString(1, name));
    }

    /** The number of API tokens of a user. */
    public int tokenCount(String name) {
        return query(
                        "SELECT COUNT(*) FROM api_tokens WHERE username = ?",
                        ps -> ps.setString(1, name),
                        rs -> rs.getInt(1))
                .get(0);
    }

    // ---- sessions

    /** Starts a session for a user who has just logged in. */
    public Session createSession(User user) {
        purgeExpiredSessions();
        Instant now = now();
        Session s = new Session(Secrets.random(32), user, Secrets.random(32), now, now);
        update(
                "INSERT INTO sessions (id_hash, username, csrf_token, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, Secrets.sha256(s.id()));
                    ps.setString(2, user.name());
                    ps.setString(3, s.csrfToken());
                    ps.setLong(4, now.toEpochMilli());
                    ps.setLong(5, now.toEpochMilli());
                });
        return s;
    }

    /**
     * The live session with this id, marking it used; empty when there is none, or it has been idle longer than
     * {@link AuthConfig#sessionIdleTimeout()} or lived longer than {@link AuthConfig#sessionMaxLifetime()} (then it is
     * deleted).
     */
    public Optional<Session> session(String id) {
        if (id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String idHash = Secrets.sha256(id);
        List<Session> found = query(
                "SELECT u.name, u.role, u.created, s.csrf_token, s.created, s.last_seen FROM sessions s "
                        + "JOIN users u ON u.name = s.username WHERE s.id_hash = ?",
                ps -> ps.setString(1, idHash),
                rs -> new Session(
                        id,
                        readUser(rs),
                        rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)),
                        Instant.ofEpochMilli(rs.getLong(6))));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session s = found.get(0);
        Instant now = now();
        if (expired(s.created(), s.lastSeen(), now)) {
            update("DELETE FROM sessions WHERE id_hash = ?", ps -> ps.setString(1, idHash));
            return Optional.empty();
        }
        if (Duration.between(s.lastSeen(), now).compareTo(touchInterval) >= 0) {
            update("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", ps -> {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, idHash);
            });
            s = new Session(s.id(), s.user(), s.csrfToken(), s.created(), now);
        }
        return Optional.of(s);
    }

    /** Ends a session (logout); unknown ids are ignored. */
    public void endSession(String id) {
        update("DELETE FROM sessions WHERE id_hash = ?", ps -> ps.setString(1, Secrets.sha256(id)));
    }

    /** Deletes every expired session; returns how many. */
    public int purgeExpiredSessions() {
        Instant now = now();
        return update("DELETE FROM sessions WHERE last_seen < ? OR created < ?", ps -> {
            ps.setLong(1, now.minus(config.sessionIdleTimeout()).toEpochMilli());
            ps.setLong(2, now.minus(config.sessionMaxLifetime()).toEpochMilli());
        });
    }

    private boolean expired(Instant created, Instant lastSeen, Instant now) {
        return lastSeen.plus(config.sessionIdleTimeout()).isBefore(now)
                || created.plus(config.sessionMaxLifetime()).isBefore(now);
    }

    // ---- saved searches

    /** The saved searches of a user, by name. */
    public List<SavedSearch> savedSearches(String user) {
        return query(
                "SELECT id, name, query, time_from, time_to, state, created FROM saved_searches WHERE username = ? "
                        + "ORDER BY name",
                ps -> ps.setString(1, user),
                rs -> new SavedSearch(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        Instant.ofEpochMilli(rs.getLong(7))));
    }

    /**
     * Saves a search for a user.
     *
     * @throws IllegalArgumentException when a value is too long or the name blank
     * @throws ConflictException when the user has a saved search of that name, or has {@link
     *     AuthConfig#maxSavedSearchesPerUser()} already
     */
    public synchronized SavedSearch saveSearch(
            String user, String name, String query, String from, String to, String state) {
        SavedSearch draft = new SavedSearch(0, name, query, from, to, state, now());
        int count = query(
                        "SELECT COUNT(*) FROM saved_searches WHERE username = ?",
                        ps -> ps.setString(1, user),
                        rs -> rs.getInt(1))
                .get(0);
        if (count >= config.maxSavedSearchesPerUser()) {
            throw new ConflictException("a user may keep at most " + config.maxSavedSearchesPerUser()
                    + " saved searches; '" + user + "' has " + count);
        }
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO saved_searches (username, name, query, time_from, time_to, state, created) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"ID"})) {
            ps.setString(1, user);
            ps.setString(2, name);
            ps.setString(3, query);
            ps.setString(4, from);
            ps.setString(5, to);
            ps.setString(6, state);
            ps.setLong(7, draft.created().toEpochMilli());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StorageException("the database returned no id for saved search '" + name + "'", null);
                }
                return new SavedSearch(keys.getLong(1), name, query, from, to, state, draft.created());
            }
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                throw new ConflictException("'" + user + "' has a saved search named '" + name + "' already");
            }
            if (isForeignKeyViolation(e)) {
                throw new UnknownUserException(user);
            }
            throw new StorageException("cannot save search '" + name + "'", e);
        }
    }

    /** Deletes a saved search of a user; false when the user has none with that id. */
    public boolean deleteSavedSearch(String user, long id) {
        return update("DELETE FROM saved_searches WHERE username = ? AND id = ?", ps -> {
                    ps.setString(1, user);
                    ps.setLong(2, id);
                })
                > 0;
    }

    @Override
    public void close() {
        if (inMemory) {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // closing anyway: an in-memory database has nothing to lose
            }
        }
        pool.dispose();
    }

    // ---- JDBC plumbing

    private Instant now() {
        return clock.instant();
    }

    private static User readUser(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), Role.parse(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)));
    }

    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static boolean isForeignKeyViolation(SQLException e) {
        return "23506".equals(e.getSQLState()) || "23503".equals(e.getSQLState());
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StorageException("query failed: " + sql, e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("update failed: " + sql, e);
        }
    }

    /** No user of that name. */
    public static final class UnknownUserException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnknownUserException(String name) {
            super("no user named '" + name + "'");
        }
    }

    /** The change contradicts what is stored (a duplicate name, the last admin, a full quota). */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConflictException(String message) {
            super(message);
        }
    }

    /** The database failed. */
    public static final class StorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StorageException(String message, @Nullable SQLException cause) {
            super(cause == null ? message : message + ": " + cause.getMessage(), cause);
        }
    }

    /** A new random password of 24 characters (18 random bytes, base64url), for a first admin nobody chose. */
    public static String randomPassword() {
        return Secrets.random(18);
    }

    /** Overwrites a password's characters once they are no longer needed. */
    public static void wipe(char @Nullable [] password) {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }
}
