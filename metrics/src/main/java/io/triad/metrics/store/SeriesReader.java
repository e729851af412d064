package io.triad.metrics.store;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.StepSampling;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The store's read path: a series' samples or rollup buckets from its chunks in H2 followed by the chunks in memory
 * (the closed ones not yet written and the head), a chunk that a checkpoint wrote meanwhile taken once. Prometheus's
 * stale marker NaN is never returned.
 *
 * <p>NOTE: thread safe: the head is copied under its lock ({@link Head#snapshot}), H2 read outside it on a pooled
 * connection.
 */
final class SeriesReader {
    private final Path dir;
    private final Head head;
    private final ChunkTable table;

    SeriesReader(Path dir, Head head, ChunkTable table) {
        this.dir = dir;
        this.head = head;
        this.table = table;
    }

    /** See {@link SeriesStore#select(List, long, long, long)}. */
    List<SeriesData> select(List<LabelMatcher> matchers, long fromMillis, long toMillis, long resolutionMillis)
            throws IOException {
        long step = resolutionMillis >= SeriesStore.HOUR
                ? SeriesStore.HOUR
                : resolutionMillis >= SeriesStore.MINUTE ? SeriesStore.MINUTE : 0;
        if (step == 0) {
            return selectRaw(matchers, fromMillis, toMillis, null);
        }
        List<Head.Snapshot> snaps = head.snapshot(matchers);
        List<SeriesData> out = new ArrayList<>();
        try (Connection c = table.reader();
                PreparedStatement ps = ChunkTable.rollupQuery(c, step)) {
            for (Head.Snapshot s : snaps) {
                List<RollupBucket> buckets = rollups(ps, s, stepFloor(fromMillis, step), toMillis, step);
                long[] ts = new long[buckets.size()];
                double[] vs = new double[buckets.size()];
                int n = 0;
                for (RollupBucket b : buckets) {
                    long stamp = b.start() + step - 1;
                    if (stamp >= fromMillis && stamp <= toMillis) {
                        ts[n] = stamp;
                        vs[n] = b.last();
                        n++;
                    }
                }
                if (n > 0) {
                    out.add(new SeriesData(s.labels(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n)));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read series from the metrics store in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The raw samples in {@code [fromMillis, toMillis]} of the matching series, all of them or ({@code sampling} not
     * null) those its evaluation times take.
     */
    List<SeriesData> selectRaw(
            List<LabelMatcher> matchers, long fromMillis, long toMillis, @Nullable StepSampling sampling)
            throws IOException {
        List<Head.Snapshot> snaps = head.snapshot(matchers);
        List<SeriesData> out = new ArrayList<>();
        try (Connection c = table.reader();
                PreparedStatement ps = ChunkTable.rawQuery(c)) {
            for (Head.Snapshot s : snaps) {
                SeriesData d = raw(ps, s, fromMillis, toMillis, sampling);
                if (d.size() > 0) {
                    out.add(d);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read series from the metrics store in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** See {@link SeriesStore#rollups(Labels, long, long, long)}. */
    List<RollupBucket> rollups(Labels labels, long fromMillis, long toMillis, long stepMillis) throws IOException {
        if (stepMillis != SeriesStore.MINUTE && stepMillis != SeriesStore.HOUR) {
            throw new IllegalArgumentException("rollup step must be " + SeriesStore.MINUTE + " or " + SeriesStore.HOUR
                    + " ms; got: " + stepMillis);
        }
        List<LabelMatcher> exact = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            exact.add(LabelMatcher.eq(e.getKey(), e.getValue()));
        }
        for (Head.Snapshot s : head.snapshot(exact)) {
            if (s.labels().equals(labels)) {
                try (Connection c = table.reader();
                        PreparedStatement ps = ChunkTable.rollupQuery(c, stepMillis)) {
                    return rollups(ps, s, stepFloor(fromMillis, stepMillis), toMillis, stepMillis);
                } catch (SQLException e) {
                    throw new IOException("cannot read rollups from the metrics store in " + dir, e);
                }
            }
        }
        return List.of();
    }

    /** {@code from - step + 1} without overflow: the earliest start of a step that ends at or after {@code from}. */
    private static long stepFloor(long from, long step) {
        return from < Long.MIN_VALUE + step ? Long.MIN_VALUE : from - step + 1;
    }

    private static SeriesData raw(
            PreparedStatement rawQuery, Head.Snapshot s, long from, long to, @Nullable StepSampling sampling)
            throws SQLException {
        List<ChunkRef> chunks = ChunkTable.rawChunks(rawQuery, s.id(), from, to);
        chunks.addAll(s.memory());
        // sampled: the picker keeps what the steps take; raw: every sample, into arrays sized by the chunks' counts
        StepSampling.Picker picker = sampling == null ? null : sampling.picker();
        int capacity = 0;
        if (picker == null) {
            for (ChunkRef c : chunks) {
                capacity += c.samples();
            }
        }
        long[] ts = new long[capacity];
        double[] vs = new double[capacity];
        int n = 0;
        long lastMax = Long.MIN_VALUE;
        for (ChunkRef c : chunks) {
            // a chunk written by a checkpoint while this read ran may come both from H2 and from memory
            if (c.minTime() <= lastMax || c.maxTime() < from || c.minTime() > to) {
                continue;
            }
            lastMax = c.maxTime();
            XorChunk.Decoder d = new XorChunk.Decoder(c.bytes());
            while (d.next()) {
                long t = d.timestamp();
                double v = d.value();
                if (t >= from && t <= to && Double.doubleToRawLongBits(v) != Rollups.STALE_NAN_BITS) {
                    if (picker != null) {
                        picker.offer(t, v);
                    } else {
                        ts[n] = t;
                        vs[n] = v;
                        n++;
                    }
                }
            }
        }
        if (picker != null) {
            return picker.finish(s.labels());
        }
        return n == capacity
                ? new SeriesData(s.labels(), ts, vs)
                : new SeriesData(s.labels(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
    }

    private static List<RollupBucket> rollups(
            PreparedStatement rollupQuery, Head.Snapshot s, long from, long to, long step) throws SQLException {
        List<List<RollupBucket>> parts = new ArrayList<>();
        long lastMax = Long.MIN_VALUE;
        for (ChunkTable.RollupRow row : ChunkTable.rollupRows(rollupQuery, s.id(), from, to)) {
            if (row.minTime() <= lastMax) {
                continue;
            }
            lastMax = row.maxTime();
            parts.add(Rollups.decode(row.buckets()));
        }
        for (ChunkRef c : s.memory()) {
            if (c.minTime() <= lastMax || c.maxTime() < from || c.minTime() > to) {
                continue;
            }
            lastMax = c.maxTime();
            Rollups.Builder b = new Rollups.Builder(step);
            b.addChunk(c.bytes());
            parts.add(b.buckets());
        }
        List<RollupBucket> merged = Rollups.mergeInOrder(parts);
        List<RollupBucket> out = new ArrayList<>(merged.size());
        long firstStart = from < Long.MIN_VALUE + step ? Long.MIN_VALUE : Math.floorDiv(from, step) * step;
        for (RollupBucket b : merged) {
            if (b.start() >= firstStart && b.start() <= to) {
                out.add(b);
            }
        }
        return out;
    }
}
