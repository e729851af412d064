package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.testkit.MutableClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z, the start of a 2 h window
    private static final long WINDOW = 7_200_000L;
    private static final Labels CPU = Labels.of("__name__", "cpu_busy", "host", "a");

    @TempDir
    Path walDir;

    private final MutableClock clock = new MutableClock(T0);

    private Head open(List<MemSeries> saved) throws Exception {
        return new Head(walDir, StoreConfig.defaults(), clock, new StoreState(walDir), saved);
    }

    @Test
    void aSampleOfALaterWindowClosesTheHeadChunkAndACheckpointTakesOnlyClosedChunks() throws Exception {
        Head head = open(List.of());
        head.append(CPU, T0, 1);
        head.append(CPU, T0 + 1000, 2);
        head.append(CPU, T0 + WINDOW, 3); // the next window: the first chunk closes

        Head.Unsaved unsaved = head.unsaved(T0 + WINDOW);
        unsaved.rotation().finish();

        assertThat(unsaved.series()).extracting(s -> s.labels).containsExactly(CPU);
        assertThat(unsaved.chunks()).singleElement().satisfies(c -> {
            assertThat(c.minTime()).isEqualTo(T0);
            assertThat(c.maxTime()).isEqualTo(T0 + 1000);
            assertThat(c.samples()).isEqualTo(2);
        });
        // the open head chunk's samples are in the segment before the rotation: it is kept
        assertThat(unsaved.keepFrom()).isEqualTo(1);

        head.saved(unsaved);
        Head.Snapshot s = head.snapshot(List.of(LabelMatcher.eq("host", "a"))).get(0);
        assertThat(s.memory())
                .singleElement()
                .satisfies(c -> assertThat(c.minTime()).isEqualTo(T0 + WINDOW));
        head.closeLog();
    }

    @Test
    void aHeadChunkWhoseWindowEndedClosesAtTheCheckpoint() throws Exception {
        Head head = open(List.of());
        head.append(CPU, T0, 1);

        Head.Unsaved before = head.unsaved(T0 + WINDOW - 1);
        before.rotation().finish();
        Head.Unsaved after = head.unsaved(T0 + WINDOW);
        after.rotation().finish();

        assertThat(before.chunks()).isEmpty();
        assertThat(after.chunks()).hasSize(1);
        assertThat(after.keepFrom())
                .as("no open head chunk: only the current segment")
                .isEqualTo(3);
        head.closeLog();
    }

    @Test
    void anOutOfOrderSampleIsRefusedAndCounted() throws Exception {
        Head head = open(List.of());
        head.append(CPU, T0, 1);

        assertThatThrownBy(() -> head.append(CPU, T0, 2))
                .isInstanceOf(RejectedSampleException.class)
                .hasMessageContaining("is not after the series' last sample " + T0);
        assertThat(head.append(List.of(new Sample(CPU, T0 - 1, 3), new Sample(CPU, T0 + 1, 4))))
                .isEqualTo(new AppendResult(
                        1,
                        1,
                        0,
                        List.of("out-of-order sample for " + CPU + ": timestamp " + (T0 - 1)
                                + " is not after the series' last sample " + T0)));
        assertThat(head.outOfOrder()).isEqualTo(2);
        assertThat(head.samplesAppended()).isEqualTo(2);
        head.closeLog();
    }

    @Test
    void reopeningReplaysTheLogOverTheSavedSeriesSkippingWhatTheyHold() throws Exception {
        Head first = open(List.of());
        for (int i = 0; i < 10; i++) {
            first.append(CPU, T0 + i * 1000L, i);
        }
        first.closeLog();

        MemSeries saved = new MemSeries(1, CPU);
        saved.lastTs = T0 + 4000; // H2 holds the first five samples
        Head second = open(List.of(saved));

        List<Head.Snapshot> snap = second.snapshot(List.of(LabelMatcher.eq(Labels.NAME, "cpu_busy")));
        assertThat(snap).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(1);
            assertThat(s.memory()).singleElement().satisfies(c -> {
                assertThat(c.minTime()).isEqualTo(T0 + 5000);
                assertThat(c.samples()).isEqualTo(5);
            });
        });
        assertThat(second.walRecordsReplayed()).isEqualTo(11); // one series record, ten sample records
        assertThat(second.walBytesDiscarded()).isZero();
        assertThat(second.seriesCount()).isEqualTo(1);
        second.closeLog();
    }
}
