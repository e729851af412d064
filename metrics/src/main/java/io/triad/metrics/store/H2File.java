package io.triad.metrics.store;

import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * The H2 database file of a store: the URL it is opened with, closing it without H2's closing work, telling a corrupt
 * file from other failures to open one, and setting a corrupt file aside so that a fresh database can take its place.
 *
 * <p><b>Writing.</b> {@link #url} opens the file with {@code WRITE_DELAY=0}: H2 writes every commit in the committing
 * thread, one chunk after the other. With H2's default (a background writer every 500 ms) a write is a pipeline: the
 * background thread lays a chunk out and hands it to another thread to write, and a chunk laid out before the previous
 * one has reached that thread does not list it among the file's chunks (H2 2.5.252, {@code FileStore
 * .saveRecentChunksInLayout}); a later chunk does. The stores here write in bursts (a checkpoint commits and then
 * forces with {@code CHECKPOINT SYNC}, which writes a chunk of its own) and then leave H2 idle for minutes, so when a
 * burst's explicit write followed a background write closely (a loaded machine delays the writing thread), the file's
 * newest chunk stayed for minutes one that points into a chunk it does not list. A process killed then left a file that
 * opened with "Chunk N not found", or without a table. With {@code WRITE_DELAY=0} there is no pipeline (H2 starts no
 * background writer and no writing threads), so every chunk lists all earlier ones, and {@code CHECKPOINT SYNC} forces
 * a chunk that is already written.
 *
 * <p><b>Closing.</b> {@link #shutDown} writes and forces what is committed ({@code CHECKPOINT SYNC}), then closes the
 * file with {@code SHUTDOWN IMMEDIATELY}. H2's own close (the last connection's close, {@code SHUTDOWN}) first sets the
 * store's chunk retention time to 0 and compacts the file, moving chunks and reusing the space of freed ones at once,
 * which a kill must not interrupt. A file closed immediately is read on the next open as a file after a crash is.
 * Should a kill still leave a file that H2 cannot open, the rest of this class sets it aside.
 *
 * <p>Corruption is what H2 reports as {@link ErrorCode#FILE_CORRUPTED_1}, or as a general error caused by an MVStore
 * exception with {@link DataUtils#ERROR_FILE_CORRUPT}, {@link DataUtils#ERROR_CHUNK_NOT_FOUND} or {@link
 * DataUtils#ERROR_BLOCK_NOT_FOUND} (a page that points to a chunk or block the file no longer has: the "Chunk 2 not
 * found" of a file left by a crash), a general error caused by a {@link StackOverflowError} (pages that lead back to
 * themselves, as in another file a kill left), and a {@link CorruptException} of a store's own checks. Anything
 * else (the file is locked by another process, an I/O error such as a full disk or a denied permission, a file of a
 * newer H2 format) is not corruption: the caller must fail and keep the file.
 *
 * <p>NOTE: stateless; the methods are thread safe, but two callers must not set aside the same database at once.
 */
public final class H2File {
    /** How many set-aside files of one database are kept unless configured otherwise. */
    public static final int DEFAULT_KEPT = 2;

    private static final String MV_DB = ".mv.db";
    private static final String TRACE_DB = ".trace.db";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private H2File() {}

    /** Thrown by a store's own check when the database lacks a table that the format it records always has. */
    public static final class CorruptException extends SQLException {
        private static final long serialVersionUID = 1L;

        public CorruptException(String message) {
            super(message);
        }
    }

    /**
     * The JDBC URL of the database {@code <base>.mv.db}: embedded, not closed by H2 when the JVM exits (the owner
     * closes it, {@link #shutDown}), and written synchronously ({@code WRITE_DELAY=0}, see the class comment). Every
     * connection to the file, a pool's included, must use it.
     *
     * @param base the database's path without H2's suffix, absolute
     */
    public static String url(Path base) {
        if (!base.isAbsolute()) {
            throw new IllegalArgumentException("a database path must be absolute; got: " + base);
        }
        return "jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * Closes the database of {@code c} without H2's closing work (see the class comment), and {@code c}. Other
     * connections to the database must be closed first: closing one afterwards writes an error to H2's trace file.
     *
     * @throws SQLException when the database cannot write or force what is committed; the connection is closed anyway
     */
    public static void shutDown(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
            st.execute("SHUTDOWN IMMEDIATELY");
        } finally {
            c.close();
        }
    }

    /**
     * After a failed open: closes the database of {@code c} without writing anything, and {@code c}; failures to do so
     * are added to {@code failure}.
     */
    public static void abandon(Connection c, Exception failure) {
        try (Statement st = c.createStatement()) {
            st.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException x) {
            failure.addSuppressed(x);
        } finally {
            try {
                c.close();
            } catch (SQLException x) {
                failure.addSuppressed(x);
            }
        }
    }

    /** The size of the database file {@code <base>.mv.db}, 0 when there is none. */
    public static long fileBytes(Path base) throws IOException {
        Path file = directoryOf(base).resolve(base.getFileName() + MV_DB);
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    /**
     * Throws a {@link CorruptException} when the database of {@code c} has no table {@code table} although its file had
     * {@code fileBytes > 8192} (more than H2's two header blocks) before it was opened: H2 opens a file in which it
     * finds no readable chunk as an empty database, so a store would silently start afresh on it.
     */
    public static void checkNotEmptied(Connection c, long fileBytes, String table) throws SQLException {
        if (fileBytes <= 2 * 4096) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) == 0) {
                    throw new CorruptException("the file had " + fileBytes + " bytes but H2 found no table " + table
                            + " in it: none of its chunks could be read");
                }
            }
        }
    }

    /**
     * H2's message of {@code e} with the message of its innermost cause (H2's own leaves out, say, "Permission denied"
     * or "No space left on device").
     */
    public static String describe(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(e.getMessage());
        return root == e || root.getMessage() == null || m.contains(root.getMessage())
                ? m
                : m + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /**
     * Whether {@code e}, thrown while a database was opened and read, says that its file is corrupt (rather than
     * locked, unreadable or of another format).
     */
    public static boolean isCorruption(SQLException e) {
        if (e instanceof CorruptException || e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
            return true;
        }
        if (e.getErrorCode() != ErrorCode.GENERAL_ERROR_1) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof MVStoreException m) {
                int code = m.getErrorCode();
                return code == DataUtils.ERROR_FILE_CORRUPT
                        || code == DataUtils.ERROR_CHUNK_NOT_FOUND
                        || code == DataUtils.ERROR_BLOCK_NOT_FOUND;
            }
            if (t instanceof StackOverflowError) {
                // pages that lead back to themselves: seen on a file left by a kill, in H2 and in its Recover tool
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the database {@code <base>.mv.db} (and its {@code <base>.trace.db}, which tells what H2 met) to {@code
     * <base>.corrupt-<UTC time>.mv.db} beside it, then deletes the oldest set-aside files beyond {@code keep}.
     *
     * @param base the database's path without H2's suffix, as in the JDBC URL {@code jdbc:h2:file:<base>}
     * @param now the time the name records
     * @param keep how many set-aside databases to keep, this one included ({@code >= 1})
     * @return the path the database file now has
     * @throws IOException when the file cannot be moved (it then stays where it was)
     */
    public static Path setAside(Path base, Instant now, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1; got: " + keep);
        }
        Path dir = directoryOf(base);
        String name = base.getFileName().toString();
        String stamp = STAMP.format(now);
        String unique = stamp;
        for (int n = 2; Files.exists(dir.resolve(name + ".corrupt-" + unique + MV_DB)); n++) {
            unique = stamp + "-" + n;
        }
        Path moved = dir.resolve(name + ".corrupt-" + unique + MV_DB);
        move(dir.resolve(name + MV_DB), moved);
        Path trace = dir.resolve(name + TRACE_DB);
        if (Files.exists(trace)) {
            move(trace, dir.resolve(name + ".corrupt-" + unique + TRACE_DB));
        }
        prune(dir, name, keep);
        return moved;
    }

    /** The set-aside database files of {@code base}, oldest first. */
    public static List<Path> setAsideFiles(Path base) throws IOException {
        Path dir = directoryOf(base);
        String name = base.getFileName().toString();
        List<Path> out = new ArrayList<>();
        for (List<Path> group : groups(dir, name).values()) {
            for (Path p : group) {
                if (p.getFileName().toString().endsWith(MV_DB)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Path directoryOf(Path base) {
        Path dir = base.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IllegalArgumentException("a database path names a file in a directory; got: " + base);
        }
        return dir;
    }

    private static void move(Path from, Path to) throws IOException {
        DurableFiles.move(from, to);
    }

    private static void prune(Path dir, String name, int keep) throws IOException {
        TreeMap<Key, List<Path>> groups = groups(dir, name);
        while (groups.size() > keep) {
            for (Path p : groups.pollFirstEntry().getValue()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The set-aside files of one database by the time in their name (and the number added to equal times). */
    private static TreeMap<Key, List<Path>> groups(Path dir, String name) throws IOException {
        Pattern pattern = Pattern.compile(Pattern.quote(name + ".corrupt-") + "(\\d{8}T\\d{6}Z)(?:-(\\d+))?("
                + Pattern.quote(MV_DB) + "|" + Pattern.quote(TRACE_DB) + ")");
        TreeMap<Key, List<Path>> groups = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".corrupt-*")) {
            for (Path p : files) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    Key k = new Key(m.group(1), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
                    groups.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
                }
            }
        }
        return groups;
    }

    private record Key(String stamp, int n) implements Comparable<Key> {
        private static final Comparator<Key> ORDER =
                Comparator.comparing(Key::stamp).thenComparingInt(Key::n);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }
}
