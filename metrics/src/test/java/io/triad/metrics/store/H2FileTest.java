package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FileTest {
    private static final Instant T = Instant.parse("2026-11-30T08:15:30Z");

    @TempDir
    Path dir;

    private static SQLException openFails(Path base) {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "")) {
            throw new AssertionError("the database " + base + " opened");
        } catch (SQLException e) {
            return e;
        }
    }

    private static void createTable(Path base) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (a INT)");
            st.execute("INSERT INTO t VALUES (1), (2)");
        }
    }

    @Test
    void aFileOfGarbageOrALostChunkIsCorruption() throws Exception {
        Files.write(dir.resolve("zeros.mv.db"), new byte[8192]);
        SQLException zeros = openFails(dir.resolve("zeros"));
        assertThat(zeros.getErrorCode()).isEqualTo(ErrorCode.FILE_CORRUPTED_1);
        assertThat(H2File.isCorruption(zeros)).isTrue();

        // what a page pointing at a chunk the file lost gives: a general error caused by MVStore's code 9
        SQLException chunk = DbException.get(
                        ErrorCode.GENERAL_ERROR_1,
                        DataUtils.newMVStoreException(DataUtils.ERROR_CHUNK_NOT_FOUND, "Chunk {0} not found", 2),
                        "Chunk 2 not found")
                .getSQLException();
        assertThat(H2File.isCorruption(chunk)).isTrue();
        assertThat(H2File.isCorruption(new H2File.CorruptException("a table is missing")))
                .isTrue();
    }

    @Test
    void aLockedFileAnIoErrorAndOtherGeneralErrorsAreNotCorruption() throws Exception {
        createTable(dir.resolve("locked"));
        try (FileChannel ch = FileChannel.open(dir.resolve("locked.mv.db"), StandardOpenOption.WRITE);
                FileLock unused = ch.lock()) {
            SQLException locked = openFails(dir.resolve("locked"));
            assertThat(locked.getErrorCode()).isEqualTo(ErrorCode.DATABASE_ALREADY_OPEN_1);
            assertThat(H2File.isCorruption(locked)).isFalse();
        }
        Files.createDirectories(dir.resolve("dir.mv.db"));
        SQLException io = openFails(dir.resolve("dir"));
        assertThat(io.getErrorCode()).isEqualTo(ErrorCode.IO_EXCEPTION_1);
        assertThat(H2File.isCorruption(io)).isFalse();

        SQLException internal = DbException.get(
                        ErrorCode.GENERAL_ERROR_1,
                        DataUtils.newMVStoreException(DataUtils.ERROR_INTERNAL, "something else"),
                        "something else")
                .getSQLException();
        assertThat(H2File.isCorruption(internal)).isFalse();
        assertThat(H2File.isCorruption(new SQLException("no cause", "HY000", ErrorCode.GENERAL_ERROR_1)))
                .isFalse();
    }

    @Test
    void setAsideMovesTheFileAndItsTraceAndKeepsTheNewest() throws Exception {
        Path base = dir.resolve("metrics");
        for (int i = 0; i < 3; i++) {
            Files.writeString(base.resolveSibling("metrics.mv.db"), "db " + i, StandardCharsets.UTF_8);
            Files.writeString(base.resolveSibling("metrics.trace.db"), "trace " + i, StandardCharsets.UTF_8);
            Path moved = H2File.setAside(base, T.plusSeconds(3600L * i), 2);
            assertThat(moved.getFileName().toString())
                    .isEqualTo(String.format(Locale.ROOT, "metrics.corrupt-20261130T%02d1530Z.mv.db", 8 + i));
            assertThat(Files.readString(moved, StandardCharsets.UTF_8)).isEqualTo("db " + i);
            assertThat(base.resolveSibling("metrics.mv.db")).doesNotExist();
            assertThat(base.resolveSibling("metrics.trace.db")).doesNotExist();
        }
        assertThat(H2File.setAsideFiles(base))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("metrics.corrupt-20261130T091530Z.mv.db", "metrics.corrupt-20261130T101530Z.mv.db");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(
                            "metrics.corrupt-20261130T091530Z.mv.db",
                            "metrics.corrupt-20261130T091530Z.trace.db",
                            "metrics.corrupt-20261130T101530Z.mv.db",
                            "metrics.corrupt-20261130T101530Z.trace.db");
        }
    }

    @Test
    void twoFilesSetAsideInOneSecondGetNumberedAndTheOlderGoesFirst() throws Exception {
        Path base = dir.resolve("alerts");
        for (int i = 0; i < 3; i++) {
            Files.writeString(base.resolveSibling("alerts.mv.db"), "db " + i, StandardCharsets.UTF_8);
            H2File.setAside(base, T, 2);
        }
        List<Path> kept = H2File.setAsideFiles(base);
        assertThat(kept)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("alerts.corrupt-20261130T081530Z-2.mv.db", "alerts.corrupt-20261130T081530Z-3.mv.db");
        assertThat(Files.readString(kept.get(1), StandardCharsets.UTF_8)).isEqualTo("db 2");
        assertThatThrownBy(() -> H2File.setAside(base, T, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keep must be >= 1; got: 0");
    }

    @Test
    void shutDownKeepsWhatWasCommittedAndWritesNoTraceFile() throws Exception {
        Path base = dir.resolve("db");
        String url = "jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE";
        Connection c = DriverManager.getConnection(url, "sa", "");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (a INT)");
            st.execute("INSERT INTO t VALUES (1), (2), (3)");
        }
        H2File.shutDown(c);
        assertThat(c.isClosed()).isTrue();
        assertThat(dir.resolve("db.trace.db")).doesNotExist();
        try (Connection again = DriverManager.getConnection(url, "sa", "");
                Statement st = again.createStatement();
                ResultSet rs = st.executeQuery("SELECT SUM(a) FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(6);
        }
    }

    /**
     * What the bench's corrupt files were (see {@link H2File}): H2's background writer lays a chunk out and hands it
     * to its writing thread; a chunk laid out before that thread took the first one (a task queued ahead of it holds
     * it here, a loaded machine does in the appliance) does not list it, and while H2 then idles, the file is one that
     * does not open. Reads H2's internals (2.5.252): should an H2 upgrade change them, this test fails, and the class
     * comment of {@link H2File} has to be checked again.
     */
    @Test
    void withH2sBackgroundWriterAWriteRightAfterABackgroundWriteLeavesAFileThatDoesNotOpen() throws Exception {
        Path base = dir.resolve("db").toAbsolutePath();
        Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            st.execute("CREATE TABLE u (id INT PRIMARY KEY)");
            st.execute("CHECKPOINT SYNC");
            MVStore store = mvStore(c);
            ThreadPoolExecutor writer = writingThread(store);
            assertThat(writer).as("H2's writing thread").isNotNull();
            long version = store.getCurrentVersion();
            // holds the writing thread until two more writes have been laid out (CHECKPOINT SYNC waits for it)
            writer.execute(() -> awaitVersion(store, version + 2, 200));
            st.execute("INSERT INTO t VALUES (1)");
            // the background writer (every 500 ms) lays the insert out; its chunk waits for the writing thread
            awaitVersion(store, version + 1, 0);
            assertThat(store.getCurrentVersion()).as("a background write").isGreaterThan(version);
            st.execute("INSERT INTO u VALUES (1)");
            st.execute("CHECKPOINT SYNC");
        }
        Thread.sleep(200); // both chunks written; H2 idles, as the stores do between checkpoints
        assertThat(copyOpensWith(base, "t"))
                .as("rows of t in what a kill -9 would leave")
                .isEqualTo(-1);
        H2File.shutDown(c);
    }

    @Test
    void theUrlWritesEveryCommitBeforeItReturnsWithoutH2sWritingThreads() throws Exception {
        Path base = dir.resolve("db").toAbsolutePath();
        assertThat(H2File.url(base)).startsWith("jdbc:h2:file:" + base + ";").contains(";WRITE_DELAY=0");
        assertThatThrownBy(() -> H2File.url(Path.of("relative", "db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a database path must be absolute; got: relative/db");
        Connection c = DriverManager.getConnection(H2File.url(base), "sa", "");
        try (Statement st = c.createStatement()) {
            MVStore store = mvStore(c);
            assertThat(store.getAutoCommitDelay()).as("H2's background writer").isZero();
            assertThat(writingThread(store)).as("H2's writing thread").isNull();
            st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            st.execute("CREATE TABLE u (id INT PRIMARY KEY)");
            st.execute("INSERT INTO t VALUES (1)");
            // no background writer: what a commit returned with is in the file already
            assertThat(copyOpensWith(base, "t")).isEqualTo(1);
            st.execute("INSERT INTO u VALUES (1)");
            st.execute("CHECKPOINT SYNC");
            assertThat(copyOpensWith(base, "t")).isEqualTo(1);
            assertThat(copyOpensWith(base, "u")).isEqualTo(1);
        }
        H2File.shutDown(c);
    }

    private static MVStore mvStore(Connection c) throws SQLException {
        return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
                .getDatabase()
                .getStore()
                .getMvStore();
    }

    /** H2's thread that writes laid-out chunks to the file, null when H2 writes in the committing thread. */
    private static ThreadPoolExecutor writingThread(MVStore store) throws ReflectiveOperationException {
        java.lang.reflect.Field f = FileStore.class.getDeclaredField("bufferSaveExecutor");
        f.setAccessible(true);
        return (ThreadPoolExecutor) f.get(store.getFileStore());
    }

    /**
     * Waits (20 s at most) until {@code store} has begun to write version {@code version}, then {@code thenMillis}
     * more.
     */
    private static void awaitVersion(MVStore store, long version, long thenMillis) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            while (store.getCurrentVersion() < version && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(thenMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies {@code <base>.mv.db} as it is now (what a kill -9 would leave) and opens the copy: the rows of {@code
     * table}, or -1 when the copy does not open or lacks the table.
     */
    private long copyOpensWith(Path base, String table) throws Exception {
        Path copy = Files.createTempDirectory(dir, "copy").resolve("db");
        Files.copy(base.resolveSibling(base.getFileName() + ".mv.db"), copy.resolveSibling("db.mv.db"));
        try (Connection c = DriverManager.getConnection(H2File.url(copy), "sa", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
