package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.triad.metrics.model.Labels;
import io.triad.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkTableTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z, a whole hour
    private static final Labels CPU = Labels.of("__name__", "cpu_busy", "host", "a");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    /** A chunk of {@code n} samples, one every 10 s from {@code from}, valued by their index. */
    private static ChunkRef chunk(long from, int n) {
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < n; i++) {
            a.append(from + i * 10_000L, i);
        }
        return new ChunkRef(a.minTime(), a.maxTime(), a.count(), a.bytes());
    }

    @Test
    void aWrittenChunkReadsBackWithItsRollupsAndItsSeriesIsLoadedAfterAReopen() throws Exception {
        MemSeries s = new MemSeries(7, CPU);
        ChunkRef c = chunk(T0, 12); // two minutes
        try (ChunkTable table = ChunkTable.open(dir, StoreConfig.defaults(), clock)) {
            assertThat(table.savedSeries()).isEmpty();
            ChunkTable.Written w = table.write(List.of(s), List.of(s), List.of(c));
            assertThat(w.chunkBytes()).isEqualTo(c.bytes().length);
            assertThat(w.chunkSamples()).isEqualTo(12);

            try (Connection r = table.reader();
                    PreparedStatement raw = ChunkTable.rawQuery(r);
                    PreparedStatement minute = ChunkTable.rollupQuery(r, SeriesStore.MINUTE)) {
                assertThat(ChunkTable.rawChunks(raw, 7, T0, T0 + 60_000))
                        .singleElement()
                        .satisfies(got -> {
                            assertThat(got.bytes()).isEqualTo(c.bytes());
                            assertThat(got.samples()).isEqualTo(12);
                        });
                assertThat(ChunkTable.rawChunks(raw, 7, T0 + 120_000, T0 + 180_000))
                        .isEmpty();
                List<ChunkTable.RollupRow> rows = ChunkTable.rollupRows(minute, 7, T0, T0 + 60_000);
                assertThat(Rollups.decode(rows.get(0).buckets()))
                        .extracting(RollupBucket::start, RollupBucket::count, RollupBucket::last)
                        .containsExactly(tuple(T0, 6L, 5.0), tuple(T0 + 60_000, 6L, 11.0));
            }
        }
        try (ChunkTable table = ChunkTable.open(dir, StoreConfig.defaults(), clock)) {
            assertThat(table.savedSeries()).singleElement().satisfies(loaded -> {
                assertThat(loaded.id).isEqualTo(7);
                assertThat(loaded.labels).isEqualTo(CPU);
                assertThat(loaded.lastTs)
                        .as("the saved range ends at the chunk's last sample")
                        .isEqualTo(c.maxTime());
            });
            assertThat(table.recoveries()).isZero();
        }
    }

    @Test
    void dropOlderClearsRawChunksThenMinuteRollupsThenRows() throws Exception {
        MemSeries s = new MemSeries(1, CPU);
        ChunkRef old = chunk(T0, 6);
        ChunkRef young = chunk(T0 + 3_600_000, 6);
        try (ChunkTable table = ChunkTable.open(dir, StoreConfig.defaults(), clock)) {
            var unused = table.write(List.of(s), List.of(s, s), List.of(old, young));

            assertThat(table.dropOlder(young.minTime(), Long.MIN_VALUE, Long.MIN_VALUE))
                    .isEqualTo(new RetentionResult(1, 0, 0));
            assertThat(table.dropOlder(young.minTime(), young.minTime(), Long.MIN_VALUE))
                    .isEqualTo(new RetentionResult(0, 1, 0));
            assertThat(table.dropOlder(young.minTime(), young.minTime(), young.minTime()))
                    .isEqualTo(new RetentionResult(0, 0, 1));

            try (Connection r = table.reader();
                    PreparedStatement raw = ChunkTable.rawQuery(r);
                    PreparedStatement hour = ChunkTable.rollupQuery(r, SeriesStore.HOUR)) {
                assertThat(ChunkTable.rawChunks(raw, 1, Long.MIN_VALUE, Long.MAX_VALUE))
                        .extracting(ChunkRef::minTime)
                        .containsExactly(young.minTime());
                assertThat(ChunkTable.rollupRows(hour, 1, Long.MIN_VALUE, Long.MAX_VALUE))
                        .extracting(ChunkTable.RollupRow::minTime)
                        .containsExactly(young.minTime());
            }
        }
    }
}
