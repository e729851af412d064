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
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.mvstore.DataUtils;
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
}
