package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.StepSampling;
import io.triad.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesStoreTest {
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z, a whole hour
    private static final Labels CPU_A = Labels.of("__name__", "cpu_busy", "host", "a", "site", "s1");
    private static final Labels CPU_B = Labels.of("__name__", "cpu_busy", "host", "b", "site", "s1");
    private static final Labels MEM_A = Labels.of("__name__", "mem_used", "host", "a", "site", "s2");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private SeriesStore open(StoreConfig config) throws IOException {
        return SeriesStore.open(dir.resolve("metrics"), config, clock);
    }

    @Test
    void samplesRoundTripAcrossHeadClosedAndPersistedChunksAndAReopen() throws Exception {
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(new Sample(CPU_A, T0 + i * 10_000L, i * 0.25));
        }
        try (SeriesStore store = open(StoreConfig.defaults())) {
            assertThat(store.append(batch.subList(0, 500)).accepted()).isEqualTo(500);
            store.checkpoint(); // the window's head chunk stays in memory and in the log
            assertThat(store.append(batch.subList(500, 1000)).accepted()).isEqualTo(500);
            assertSamples(store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 10_000_000, 0), 0, 1000);
            assertSamples(
                    store.select(List.of(LabelMatcher.eq("host", "a")), T0 + 2_000_000, T0 + 3_000_000, 0), 200, 301);
        }
        try (SeriesStore store = open(StoreConfig.defaults())) {
            assertSamples(store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 10_000_000, 0), 0, 1000);
            assertThat(store.stats().series()).isEqualTo(1);
            // the last sample is remembered: an older one is refused after the reopen too
            assertThatThrownBy(() -> store.append(CPU_A, T0, 1)).isInstanceOf(RejectedSampleException.class);
            store.append(CPU_A, T0 + 1000 * 10_000L, 42);
        }
    }

    @Test
    void aSampledSelectKeepsWhatTheStepsTakeFromHeadAndPersistedChunks() throws Exception {
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            if (i % 300 < 280) { // gaps of 200 s, longer than the lookback
                batch.add(new Sample(CPU_A, T0 + i * 10_000L + (i % 7), i * 0.5));
            }
        }
        try (SeriesStore store = open(StoreConfig.defaults())) {
            store.append(batch.subList(0, 900));
            store.checkpoint();
            store.append(batch.subList(900, batch.size()));
            StepSampling sampling = new StepSampling(T0 + 45_000, T0 + 19_000_000, 95_000, 60_000);
            List<LabelMatcher> host = List.of(LabelMatcher.eq("host", "a"));
            List<SeriesData> sampled = store.select(host, sampling);
            SeriesData expected = sampling.pick(store.select(host, sampling.fromMillis(), sampling.toMillis(), 0)
                    .get(0));
            assertThat(sampled).hasSize(1);
            assertThat(sampled.get(0).timestamps()).isEqualTo(expected.timestamps());
            assertThat(sampled.get(0).values()).isEqualTo(expected.values());
            assertThat(sampled.get(0).size()).isBetween(150, (int) sampling.steps());
        }
    }

    @Test
    void matchersOfAllFourKindsSelectTheRightSeries() throws Exception {
        try (SeriesStore store = open(StoreConfig.defaults())) {
            store.append(CPU_A, T0, 1);
            store.append(CPU_B, T0, 2);
            store.append(MEM_A, T0, 3);
            assertThat(names(store, LabelMatcher.eq("__name__", "cpu_busy")))
                    .containsExactlyInAnyOrder(CPU_A.toString(), CPU_B.toString());
            assertThat(names(store, LabelMatcher.of("host", LabelMatcher.Type.NEQ, "a")))
                    .containsExactly(CPU_B.toString());
            assertThat(names(store, LabelMatcher.of("__name__", LabelMatcher.Type.RE, "mem_.*|cpu_b")))
                    .containsExactly(MEM_A.toString());
            assertThat(names(store, LabelMatcher.of("site", LabelMatcher.Type.NRE, "s1")))
                    .containsExactly(MEM_A.toString());
            assertThat(names(
                            store,
                            LabelMatcher.eq("__name__", "cpu_busy"),
                            LabelMatcher.of("missing", LabelMatcher.Type.EQ, "")))
                    .hasSize(2);
        }
    }

    @Test
    void outOfOrderSamplesAreRefusedCountedAndExplained() throws Exception {
        try (SeriesStore store = open(StoreConfig.defaults())) {
            store.append(CPU_A, T0 + 20_000, 1);
            assertThatThrownBy(() -> store.append(CPU_A, T0 + 10_000, 2))
                    .isInstanceOf(RejectedSampleException.class)
                    .hasMessage("out-of-order sample for cpu_busy{host=\"a\",site=\"s1\"}: timestamp " + (T0 + 10_000)
                            + " is not after the series' last sample " + (T0 + 20_000))
                    .extracting(e -> ((RejectedSampleException) e).reason())
                    .isEqualTo(RejectedSampleException.Reason.OUT_OF_ORDER);
            AppendResult r = store.append(List.of(
                    new Sample(CPU_A, T0 + 20_000, 3), new Sample(CPU_A, T0 + 30_000, 4), new Sample(CPU_B, T0, 5)));
            assertThat(r.accepted()).isEqualTo(2);
            assertThat(r.outOfOrder()).isEqualTo(1);
            assertThat(r.firstErrors()).singleElement().asString().contains("timestamp " + (T0 + 20_000));
            assertThat(store.stats().outOfOrderRejected()).isEqualTo(2);
            SeriesData a = store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 60_000, 0)
                    .get(0);
            assertThat(a.values()).containsExactly(1, 4);
        }
    }

    @Test
    void theCardinalityLimitRefusesNewSeriesNamingTheLimitAndTheMetric() throws Exception {
        try (SeriesStore store = open(StoreConfig.defaults().withMaxSeries(2))) {
            store.append(CPU_A, T0, 1);
            store.append(CPU_B, T0, 1);
            assertThatThrownBy(() -> store.append(MEM_A, T0, 1))
                    .isInstanceOf(RejectedSampleException.class)
                    .hasMessageContaining("series limit reached (maxSeries = 2)")
                    .hasMessageContaining("of metric 'mem_used'");
            AppendResult r = store.append(List.of(new Sample(MEM_A, T0, 1), new Sample(CPU_A, T0 + 1, 2)));
            assertThat(r.overCardinalityLimit()).isEqualTo(1);
            assertThat(r.accepted()).isEqualTo(1);
            store.append(CPU_A, T0 + 2, 3); // known series go on
            assertThat(store.stats().cardinalityRejected()).isEqualTo(2);
        }
    }

    @Test
    void rollupsKeepMinMaxSumCountAndLastAndLongResolutionsReadThem() throws Exception {
        try (SeriesStore store = open(StoreConfig.defaults())) {
            // two minutes of 10 s samples: 0..5 then 6..11, in the first window's open head chunk
            for (int i = 0; i < 300; i++) {
                store.append(CPU_A, T0 + i * 10_000L, i % 12);
            }
            List<RollupBucket> fresh = store.rollups(CPU_A, T0, T0 + 119_999, SeriesStore.MINUTE);
            store.checkpoint();
            List<RollupBucket> minute = store.rollups(CPU_A, T0, T0 + 119_999, SeriesStore.MINUTE);
            assertThat(minute)
                    .containsExactly(
                            new RollupBucket(T0, 0, 5, 15, 6, 5), new RollupBucket(T0 + 60_000, 6, 11, 51, 6, 11));
            assertThat(fresh).isEqualTo(minute);
            // the first hour: one bucket of 300 samples
            List<RollupBucket> hour = store.rollups(CPU_A, T0, T0 + 3_599_999, SeriesStore.HOUR);
            assertThat(hour).containsExactly(new RollupBucket(T0, 0, 11, 25 * 66, 300, 11));

            SeriesData perMinute = store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 179_999, 60_000)
                    .get(0);
            assertThat(perMinute.timestamps()).containsExactly(T0 + 59_999, T0 + 119_999, T0 + 179_999);
            assertThat(perMinute.values()).containsExactly(5, 11, 5);
            SeriesData perHour = store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 3_600_000, 3_600_000)
                    .get(0);
            assertThat(perHour.timestamps()).containsExactly(T0 + 3_599_999);
            assertThat(perHour.values()).containsExactly(11);
        }
    }

    @Test
    void retentionDropsRawThenMinuteThenWholeRowsByAge() throws Exception {
        // chunks of at most 120 samples: the 240 samples (40 minutes of one 2 h window) make two
        try (SeriesStore store = open(StoreConfig.defaults().withChunk(120, Duration.ofHours(2)))) {
            for (int i = 0; i < 240; i++) {
                store.append(CPU_A, T0 + i * 10_000L, i);
            }
            clock.advance(Duration.ofHours(3).toMillis()); // heads whose window ended close at the checkpoint
            store.checkpoint();
            List<LabelMatcher> a = List.of(LabelMatcher.eq("host", "a"));
            long to = T0 + 240 * 10_000L;

            assertThat(store.applyRetention()).isEqualTo(new RetentionResult(0, 0, 0));
            clock.set(T0 + Duration.ofDays(16).toMillis());
            assertThat(store.applyRetention()).isEqualTo(new RetentionResult(2, 0, 0));
            assertThat(store.select(a, T0, to, 0)).isEmpty();
            assertThat(store.select(a, T0, to, 60_000).get(0).size()).isEqualTo(40);

            clock.set(T0 + Duration.ofDays(91).toMillis());
            assertThat(store.applyRetention()).isEqualTo(new RetentionResult(0, 2, 0));
            assertThat(store.select(a, T0, to, 60_000)).isEmpty();
            assertThat(store.select(a, T0, T0 + 3_600_000, 3_600_000).get(0).values())
                    .containsExactly(239);

            clock.set(T0 + Duration.ofDays(731).toMillis());
            assertThat(store.applyRetention()).isEqualTo(new RetentionResult(0, 0, 2));
            assertThat(store.select(a, T0, T0 + 3_600_000, 3_600_000)).isEmpty();
        }
    }

    @Test
    void staleMarkersAreNotReturnedButOtherNaNsAre() throws Exception {
        try (SeriesStore store = open(StoreConfig.defaults())) {
            store.append(CPU_A, T0, 1);
            store.append(CPU_A, T0 + 1, Double.longBitsToDouble(Rollups.STALE_NAN_BITS));
            store.append(CPU_A, T0 + 2, Double.NaN);
            SeriesData d = store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 10, 0)
                    .get(0);
            assertThat(d.timestamps()).containsExactly(T0, T0 + 2);
        }
    }

    @Test
    void theWriteAheadLogKeepsOpenHeadChunksAndIsTruncatedOnceTheirWindowIsSaved() throws Exception {
        Path wal = dir.resolve("metrics/wal");
        try (SeriesStore store = open(StoreConfig.defaults())) {
            store.append(CPU_A, T0, 1);
            store.sync();
            assertThat(WriteAheadLog.segments(wal)).hasSize(1);
            store.checkpoint(); // the head chunk is open: its segment stays
            assertThat(WriteAheadLog.segments(wal)).hasSize(2);
            store.append(CPU_A, T0 + 7_200_000, 2); // the next window: the first chunk closes
            store.checkpoint();
            List<Path> segs = WriteAheadLog.segments(wal);
            assertThat(segs).hasSize(2); // the second chunk's segment and the new, empty one
            assertThat(segs.get(1).toFile().length()).isZero();
            clock.set(T0 + 2 * 7_200_000); // its window ends: the checkpoint closes it
            store.checkpoint();
            segs = WriteAheadLog.segments(wal);
            assertThat(segs).hasSize(1);
            assertThat(segs.get(0).toFile().length()).isZero();
        }
        try (SeriesStore store = open(StoreConfig.defaults())) {
            SeriesData d = store.select(List.of(LabelMatcher.eq("host", "a")), T0, T0 + 7_200_000, 0)
                    .get(0);
            assertThat(d.values()).containsExactly(1, 2);
        }
    }

    private static List<String> names(SeriesStore store, LabelMatcher... m) throws IOException {
        return store.select(List.of(m), T0 - 1, T0 + 1, 0).stream()
                .map(d -> d.labels().toString())
                .toList();
    }

    private static void assertSamples(List<SeriesData> result, int from, int toExclusive) {
        assertThat(result).hasSize(1);
        SeriesData d = result.get(0);
        assertThat(d.size()).isEqualTo(toExclusive - from);
        for (int i = from; i < toExclusive; i++) {
            assertThat(d.timestamps()[i - from]).isEqualTo(T0 + i * 10_000L);
            assertThat(d.values()[i - from]).isEqualTo(i * 0.25);
        }
    }
}
