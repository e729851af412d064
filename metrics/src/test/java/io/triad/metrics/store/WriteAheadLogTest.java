package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.metrics.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private final List<String> seen = new ArrayList<>();

    private final WriteAheadLog.Visitor recorder = new WriteAheadLog.Visitor() {
        @Override
        public void series(long id, Labels labels) {
            seen.add("series " + id + " " + labels);
        }

        @Override
        public void sample(long id, long tsMillis, double value) {
            seen.add(id + "@" + tsMillis + "=" + value);
        }
    };

    @Test
    void recordsReplayInOrder() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.create(dir, 1)) {
            wal.writeSeries(7, Labels.of("__name__", "cpu", "host", "h1"));
            wal.writeSamples(new long[] {7, 7}, new long[] {1000, 500}, new double[] {1.5, Double.NaN}, 2);
        }
        WriteAheadLog.Replay r = WriteAheadLog.replay(onlySegment(), recorder);
        assertThat(seen).containsExactly("series 7 cpu{host=\"h1\"}", "7@1000=1.5", "7@500=NaN");
        assertThat(r.records()).isEqualTo(2);
        assertThat(r.bytesDiscarded()).isZero();
    }

    @Test
    void aTornTailIsDiscardedAndTheRecordsBeforeItSurvive() throws IOException {
        writeThreeRecords();
        Path seg = onlySegment();
        byte[] all = Files.readAllBytes(seg);
        Files.write(seg, Arrays.copyOf(all, all.length - 5));
        WriteAheadLog.Replay r = WriteAheadLog.replay(seg, recorder);
        assertThat(seen).containsExactly("1@1=1.0", "1@2=2.0");
        assertThat(r.records()).isEqualTo(2);
        assertThat(r.bytesDiscarded()).isPositive();
        assertThat(r.stopReason()).contains("claims");
    }

    @Test
    void aCorruptRecordStopsReplayAtItsOffset() throws IOException {
        writeThreeRecords();
        Path seg = onlySegment();
        byte[] all = Files.readAllBytes(seg);
        all[all.length - 1] ^= 0x40;
        Files.write(seg, all);
        WriteAheadLog.Replay r = WriteAheadLog.replay(seg, recorder);
        assertThat(seen).containsExactly("1@1=1.0", "1@2=2.0");
        assertThat(r.stopReason()).startsWith("CRC mismatch of the record at offset ");
    }

    @Test
    void rotateStartsANewSegmentAndNamesTheOlderOnes() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.create(dir, 4)) {
            wal.writeSamples(new long[] {1}, new long[] {1}, new double[] {1}, 1);
            WriteAheadLog.Rotation rotation = wal.rotate();
            rotation.finish();
            assertThat(rotation.older())
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000004.wal");
            assertThat(wal.bytes()).isZero();
        }
        assertThat(WriteAheadLog.segments(dir)).hasSize(2);
    }

    private void writeThreeRecords() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.create(dir, 1)) {
            for (int i = 1; i <= 3; i++) {
                wal.writeSamples(new long[] {1}, new long[] {i}, new double[] {i}, 1);
            }
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segs = WriteAheadLog.segments(dir);
        assertThat(segs).hasSize(1);
        return segs.get(0);
    }

    @Test
    void theSeriesFileReplacesTheOlderOneAndReplaysAsSeriesRecords() throws IOException {
        WriteAheadLog.writeSeriesFile(dir, 3, List.of(Map.entry(1L, Labels.of("__name__", "a"))));
        Files.writeString(dir.resolve("00000000000000000004.series.tmp"), "left by a crash", StandardCharsets.UTF_8);
        List<Map.Entry<Long, Labels>> many = new ArrayList<>();
        for (long id = 1; id <= 3000; id++) {
            many.add(Map.entry(id, Labels.of("__name__", "m", "i", Long.toString(id), "pad", "x".repeat(40))));
        }
        WriteAheadLog.writeSeriesFile(dir, 5, many);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("00000000000000000005.series");
        }
        Path file = WriteAheadLog.seriesFile(dir);
        assertThat(file).isNotNull();
        assertThat(WriteAheadLog.segmentNumber(file)).isEqualTo(5);
        WriteAheadLog.Replay r = WriteAheadLog.replay(file, recorder);
        assertThat(r.records()).isEqualTo(3000);
        assertThat(r.bytesDiscarded()).isZero();
        assertThat(seen.get(2999)).isEqualTo("series 3000 m{i=\"3000\",pad=\"" + "x".repeat(40) + "\"}");
        assertThat(WriteAheadLog.segments(dir)).isEmpty();
    }
}
