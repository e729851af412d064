package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose H2 file is corrupt opens with a fresh database, the file set aside and the log's samples replayed; a
 * file that is locked or cannot be read fails the open and stays where it is.
 */
class SeriesStoreRecoveryTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z
    private static final Labels A = Labels.of("__name__", "disk_used", "host", "a");
    private static final Labels B = Labels.of("__name__", "disk_used", "host", "b");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0 + Duration.ofHours(1).toMillis());

    private Path storeDir() {
        return dir.resolve("metrics");
    }

    private Path database() {
        return storeDir().resolve("metrics.mv.db");
    }

    private static StoreConfig config() {
        return StoreConfig.defaults().withChunk(10, Duration.ofHours(2));
    }

    private SeriesStore open() throws IOException {
        return SeriesStore.open(storeDir(), config(), clock);
    }

    private static List<Sample> samples(int from, int to) {
        List<Sample> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Sample(A, T0 + i * 1000L, i));
            out.add(new Sample(B, T0 + i * 1000L, -i));
        }
        return out;
    }

    /**
     * Samples 0..34 of two series, chunks of 10: 0..29 end in H2, 30..34 are the head. The head begins in a later log
     * segment than the series records, and that segment is deleted: only the log's series file still names them.
     */
    private void fill() throws IOException {
        try (SeriesStore store = open()) {
            store.append(samples(0, 25));
            store.checkpoint();
            store.append(samples(25, 35));
            store.checkpoint();
            assertThat(store.stats().chunksWritten()).isEqualTo(6);
        }
    }

    /** What a file whose chunks were overwritten looks like: the two header blocks, then zeros. */
    private void zeroTheChunks() throws IOException {
        long size = Files.size(database());
        try (FileChannel ch = FileChannel.open(database(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) (size - 8192)), 8192);
        }
    }

    private static long[] steps(SeriesData d) {
        return LongStream.of(d.timestamps()).map(t -> (t - T0) / 1000).toArray();
    }

    private List<SeriesData> all(SeriesStore store) throws IOException {
        return store.select(List.of(LabelMatcher.eq("__name__", "disk_used")), Long.MIN_VALUE, Long.MAX_VALUE, 0);
    }

    @Test
    void aCorruptFileIsSetAsideAndTheHeadChunksOfTheLogSurvive() throws Exception {
        fill();
        zeroTheChunks();
        try (SeriesStore store = open()) {
            assertThat(store.stats().recoveries()).isEqualTo(1);
            List<Path> aside = H2File.setAsideFiles(storeDir().resolve("metrics"));
            assertThat(aside)
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("metrics.corrupt-20251201T010000Z.mv.db");
            assertThat(Files.size(aside.get(0))).isGreaterThan(8192);
            List<SeriesData> data = all(store);
            assertThat(data).extracting(SeriesData::labels).containsExactlyInAnyOrder(A, B);
            for (SeriesData d : data) {
                // the log holds the samples since the head's segment: 25..34 (30..34 the open head)
                assertThat(steps(d)).containsExactly(25, 26, 27, 28, 29, 30, 31, 32, 33, 34);
            }
            store.append(samples(35, 36));
        }
        try (SeriesStore store = open()) {
            assertThat(store.stats().recoveries()).isZero();
            assertThat(H2File.setAsideFiles(storeDir().resolve("metrics"))).hasSize(1);
            for (SeriesData d : all(store)) {
                assertThat(steps(d)).containsExactly(25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35);
            }
        }
    }

    @Test
    void aFileWhoseHeadersAreOverwrittenIsSetAside() throws Exception {
        fill();
        try (FileChannel ch = FileChannel.open(database(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8192), 0); // H2 keeps two copies of its header: both gone
        }
        try (SeriesStore store = open()) {
            assertThat(store.stats().recoveries()).isEqualTo(1);
            assertThat(H2File.setAsideFiles(storeDir().resolve("metrics"))).hasSize(1);
            for (SeriesData d : all(store)) {
                assertThat(steps(d)).startsWith(25).endsWith(34).hasSize(10);
            }
        }
    }

    @Test
    void aDatabaseThatLostATableWhileH2OpenedItIsSetAside() throws Exception {
        // a damaged file whose table definition H2 cannot read opens without that table (H2 only traces it)
        fill();
        try (Connection c =
                        DriverManager.getConnection("jdbc:h2:file:" + storeDir().resolve("metrics"), "sa", "");
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE chunk");
        }
        try (SeriesStore store = open()) {
            assertThat(store.stats().recoveries()).isEqualTo(1);
            assertThat(H2File.setAsideFiles(storeDir().resolve("metrics"))).hasSize(1);
            for (SeriesData d : all(store)) {
                assertThat(steps(d)).startsWith(25).endsWith(34).hasSize(10);
            }
        }
    }

    @Test
    void atMostTheConfiguredNumberOfCorruptFilesIsKept() throws Exception {
        fill();
        for (int i = 0; i < 3; i++) {
            zeroTheChunks();
            clock.advance(60_000);
            try (SeriesStore store = SeriesStore.open(storeDir(), config().withCorruptFilesKept(2), clock)) {
                assertThat(store.stats().recoveries()).isEqualTo(1);
                store.append(samples(35 + i, 36 + i));
            }
        }
        assertThat(H2File.setAsideFiles(storeDir().resolve("metrics")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("metrics.corrupt-20251201T010200Z.mv.db", "metrics.corrupt-20251201T010300Z.mv.db");
    }

    @Test
    void aLockedFileFailsTheOpenAndIsLeftAlone() throws Exception {
        fill();
        long size = Files.size(database());
        try (FileChannel ch = FileChannel.open(database(), StandardOpenOption.WRITE);
                FileLock unused = ch.lock()) {
            assertThatThrownBy(this::open)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot open the metrics store database "
                            + storeDir().resolve("metrics"))
                    .hasMessageContaining("Database may be already in use");
        }
        assertThat(H2File.setAsideFiles(storeDir().resolve("metrics"))).isEmpty();
        assertThat(Files.size(database())).isEqualTo(size);
        try (SeriesStore store = open()) {
            assertThat(store.stats().recoveries()).isZero();
            for (SeriesData d : all(store)) {
                assertThat(steps(d)).hasSize(35);
            }
        }
    }

    @Test
    void aFileThatCannotBeReadFailsTheOpen() throws Exception {
        // an I/O error, as a denied permission or a failing disk gives (root reads any file, so a directory here)
        Files.createDirectories(database());
        assertThatThrownBy(this::open)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("IO Exception")
                .hasMessageContaining("Is a directory");
        assertThat(database()).isDirectory();
        assertThat(H2File.setAsideFiles(storeDir().resolve("metrics"))).isEmpty();
    }

    @Test
    void closingLeavesNoTraceFileAndTheNextOpenIsClean() throws Exception {
        fill();
        try (SeriesStore store = open()) {
            assertThat(store.stats().recoveries()).isZero();
            assertThat(all(store)).hasSize(2);
        }
        assertThat(storeDir().resolve("metrics.trace.db")).doesNotExist();
        assertThat(H2File.setAsideFiles(storeDir().resolve("metrics"))).isEmpty();
    }
}
