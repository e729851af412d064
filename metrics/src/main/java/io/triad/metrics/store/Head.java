package io.triad.metrics.store;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's in-memory part, behind its write-ahead log: every series with its open head chunk and its closed chunks
 * not yet in H2. Appends go to the head chunk and to the log; opening replays the log (the newest series file, then
 * the segments) over the series that H2 holds, skipping the samples it already has.
 *
 * <p>Chunks are aligned to windows of {@link StoreConfig#chunkMaxSpan()}: a head chunk closes when a sample of a
 * later window arrives, at {@link StoreConfig#chunkMaxSamples()} samples, or when a checkpoint takes it after its
 * window ended ({@link #unsaved}).
 *
 * <p>NOTE: thread safe: appends, snapshots and the checkpoint's hand-over share one lock. The head owns the log and
 * closes it ({@link #closeLog()}).
 */
final class Head {
    // the store's log lines keep the store's logger name
    private static final Logger LOG = LoggerFactory.getLogger(SeriesStore.class);
    private static final int MAX_ERRORS = 5;

    private final StoreConfig config;
    private final Clock clock;
    private final StoreState state;
    private final long chunkSpanMillis;
    private final WriteAheadLog wal;
    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    private final Map<Labels, MemSeries> byLabels = new HashMap<>();
    private final Map<Long, MemSeries> byId = new HashMap<>();
    private final Map<String, List<MemSeries>> byName = new HashMap<>();
    private final List<MemSeries> all = new ArrayList<>();
    private final List<MemSeries> unsavedSeries = new ArrayList<>();
    private long nextId = 1;
    private long currentSegment;
    private long[] scratchIds = new long[256];
    private long[] scratchTs = new long[256];
    private double[] scratchValues = new double[256];

    private final AtomicLong samplesAppended = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong settledVersion = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();
    // written while the head opens
    private long walRecordsReplayed;
    private long walBytesDiscarded;

    /** What a read needs of one series, copied under the lock. */
    record Snapshot(long id, Labels labels, List<ChunkRef> memory) {}

    /**
     * What a checkpoint writes: the series H2 does not have yet and the closed chunks with their owners (in the same
     * order), taken under the lock together with the log's rotation to a new segment.
     *
     * @param keepFrom the oldest log segment that an open head chunk has samples in
     */
    record Unsaved(
            List<MemSeries> series,
            List<MemSeries> chunkOwners,
            List<ChunkRef> chunks,
            Map<MemSeries, Integer> chunkCounts,
            WriteAheadLog.Rotation rotation,
            long keepFrom) {}

    /**
     * Registers the series that H2 holds ({@code saved}, each with the last sample H2 has), replays the log in {@code
     * walDir} over them and opens the log's next segment.
     */
    Head(Path walDir, StoreConfig config, Clock clock, StoreState state, List<MemSeries> saved) throws IOException {
        this.config = config;
        this.clock = clock;
        this.state = state;
        this.chunkSpanMillis = config.chunkMaxSpan().toMillis();
        for (MemSeries s : saved) {
            register(s);
        }
        long lastSegment = 0;
        Path seriesFile = WriteAheadLog.seriesFile(walDir);
        if (seriesFile != null) {
            lastSegment = WriteAheadLog.segmentNumber(seriesFile) - 1;
            replay(seriesFile, lastSegment);
        }
        for (Path seg : WriteAheadLog.segments(walDir)) {
            lastSegment = Math.max(lastSegment, WriteAheadLog.segmentNumber(seg));
            replay(seg, WriteAheadLog.segmentNumber(seg));
        }
        this.wal = WriteAheadLog.create(walDir, lastSegment + 1);
        this.currentSegment = lastSegment + 1;
    }

    // ---------------------------------------------------------------------------------------------------- appends

    /** See {@link SeriesStore#append(Labels, long, double)}. */
    void append(Labels labels, long tsMillis, double value) throws IOException, RejectedSampleException {
        lock.lock();
        try {
            state.ensureOpen();
            MemSeries s = byLabels.get(labels);
            if (s == null) {
                s = createSeries(labels);
            }
            if (!appendLocked(s, tsMillis, value, currentSegment)) {
                outOfOrder.incrementAndGet();
                throw new RejectedSampleException(
                        RejectedSampleException.Reason.OUT_OF_ORDER, outOfOrderMessage(s, tsMillis));
            }
            if (tsMillis <= clock.millis() - SeriesStore.SETTLED_MILLIS) {
                settledVersion.incrementAndGet();
            }
            scratchIds[0] = s.id;
            scratchTs[0] = tsMillis;
            scratchValues[0] = value;
            wal.writeSamples(scratchIds, scratchTs, scratchValues, 1);
            samplesAppended.incrementAndGet();
        } catch (IOException e) {
            throw state.fail(e);
        } finally {
            lock.unlock();
        }
    }

    /** See {@link SeriesStore#append(List)}. */
    AppendResult append(List<Sample> samples) throws IOException {
        int accepted = 0;
        int ooo = 0;
        int card = 0;
        List<String> errors = new ArrayList<>();
        lock.lock();
        try {
            state.ensureOpen();
            if (scratchIds.length < samples.size()) {
                int n = Math.max(samples.size(), scratchIds.length * 2);
                scratchIds = new long[n];
                scratchTs = new long[n];
                scratchValues = new double[n];
            }
            @Nullable Labels prevLabels = null;
            @Nullable MemSeries prev = null;
            long settledBefore = clock.millis() - SeriesStore.SETTLED_MILLIS;
            boolean late = false;
            for (Sample x : samples) {
                MemSeries s = x.labels() == prevLabels ? prev : byLabels.get(x.labels());
                if (s == null) {
                    try {
                        s = createSeries(x.labels());
                    } catch (RejectedSampleException e) {
                        card++;
                        if (errors.size() < MAX_ERRORS) {
                            errors.add(e.getMessage());
                        }
                        continue;
                    }
                }
                prevLabels = x.labels();
                prev = s;
                if (!appendLocked(s, x.tsMillis(), x.value(), currentSegment)) {
                    ooo++;
                    if (errors.size() < MAX_ERRORS) {
                        errors.add(outOfOrderMessage(s, x.tsMillis()));
                    }
                    continue;
                }
                scratchIds[accepted] = s.id;
                scratchTs[accepted] = x.tsMillis();
                scratchValues[accepted] = x.value();
                accepted++;
                late |= x.tsMillis() <= settledBefore;
            }
            if (late) {
                settledVersion.incrementAndGet();
            }
            if (accepted > 0) {
                wal.writeSamples(scratchIds, scratchTs, scratchValues, accepted);
            }
        } catch (IOException e) {
            throw state.fail(e);
        } finally {
            lock.unlock();
        }
        samplesAppended.addAndGet(accepted);
        outOfOrder.addAndGet(ooo);
        return new AppendResult(accepted, ooo, card, errors);
    }

    private MemSeries createSeries(Labels labels) throws IOException, RejectedSampleException {
        if (all.size() >= config.maxSeries()) {
            overLimit.incrementAndGet();
            throw new RejectedSampleException(
                    RejectedSampleException.Reason.CARDINALITY_LIMIT,
                    "series limit reached (maxSeries = " + config.maxSeries() + "): new series " + labels
                            + " of metric '" + labels.name() + "' rejected; raise the limit or drop a label");
        }
        MemSeries s = new MemSeries(nextId++, labels);
        wal.writeSeries(s.id, labels);
        register(s);
        unsavedSeries.add(s);
        return s;
    }

    private void register(MemSeries s) {
        byLabels.put(s.labels, s);
        byId.put(s.id, s);
        byName.computeIfAbsent(s.labels.name(), k -> new ArrayList<>()).add(s);
        all.add(s);
        nextId = Math.max(nextId, s.id + 1);
    }

    /**
     * Adds a sample to the head chunk, closing it first when full or when the sample lies in a later window; false
     * when the sample is out of order.
     *
     * @param segment the log segment the sample is (being) written to
     */
    private boolean appendLocked(MemSeries s, long ts, double value, long segment) {
        if (ts <= s.lastTs) {
            return false;
        }
        XorChunk.Appender h = s.head;
        if (h != null && (h.count() >= config.chunkMaxSamples() || ts >= s.headWindowEnd)) {
            closeHead(s, h);
            h = null;
        }
        if (h == null) {
            h = new XorChunk.Appender();
            s.head = h;
            s.headSegment = segment;
            s.headWindowEnd = windowEnd(ts);
        }
        h.append(ts, value);
        s.lastTs = ts;
        return true;
    }

    private static void closeHead(MemSeries s, XorChunk.Appender h) {
        s.pending.add(new ChunkRef(h.minTime(), h.maxTime(), h.count(), h.bytes()));
        s.head = null;
    }

    /** The first millisecond after the window of {@code ts}. */
    private long windowEnd(long ts) {
        return (Math.floorDiv(ts, chunkSpanMillis) + 1) * chunkSpanMillis;
    }

    private static String outOfOrderMessage(MemSeries s, long ts) {
        return "out-of-order sample for " + s.labels + ": timestamp " + ts + " is not after the series' last sample "
                + s.lastTs;
    }

    // ------------------------------------------------------------------------------------------------------ reads

    /** The matching series with copies of their chunks in memory (the closed ones, then the head). */
    List<Snapshot> snapshot(List<LabelMatcher> matchers) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        lock.lock();
        try {
            state.ensureOpen();
            for (MemSeries s : candidates(matchers)) {
                if (!matchesAll(matchers, s.labels)) {
                    continue;
                }
                List<ChunkRef> mem = new ArrayList<>(s.pending);
                XorChunk.Appender h = s.head;
                if (h != null) {
                    mem.add(new ChunkRef(h.minTime(), h.maxTime(), h.count(), h.bytes()));
                }
                out.add(new Snapshot(s.id, s.labels, mem));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    private List<MemSeries> candidates(List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.NAME) && m.type() == LabelMatcher.Type.EQ) {
                return byName.getOrDefault(m.value(), List.of());
            }
        }
        return all;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    /**
     * Closes the head chunks whose window has ended at {@code now}, and hands over what H2 lacks while the log starts
     * a new segment: later samples go to the new segment, every earlier one is in the hand-over.
     *
     * @throws IOException when the log cannot rotate (the store then fails)
     */
    Unsaved unsaved(long now) throws IOException {
        Map<MemSeries, Integer> chunkCounts = new IdentityHashMap<>();
        List<MemSeries> chunkOwners = new ArrayList<>();
        List<ChunkRef> chunks = new ArrayList<>();
        lock.lock();
        try {
            for (MemSeries s : all) {
                XorChunk.Appender h = s.head;
                if (h != null && now >= windowEnd(h.minTime())) {
                    closeHead(s, h);
                }
                if (!s.pending.isEmpty()) {
                    chunkCounts.put(s, s.pending.size());
                    for (ChunkRef c : s.pending) {
                        chunkOwners.add(s);
                        chunks.add(c);
                    }
                }
            }
            List<MemSeries> series = new ArrayList<>(unsavedSeries);
            // under the lock: later samples go to the new segment, every earlier one is in this snapshot
            WriteAheadLog.Rotation rotation = wal.rotate();
            currentSegment = wal.segment();
            long keepFrom = currentSegment;
            for (MemSeries s : all) {
                if (s.head != null) {
                    keepFrom = Math.min(keepFrom, s.headSegment);
                }
            }
            return new Unsaved(series, chunkOwners, chunks, chunkCounts, rotation, keepFrom);
        } catch (IOException e) {
            throw state.fail(e);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the series and chunks of {@code u}, which H2 now holds. */
    void saved(Unsaved u) {
        lock.lock();
        try {
            // NOTE: unsavedSeries only ever grows at its end, so the saved ones are its first series.size()
            unsavedSeries.subList(0, u.series().size()).clear();
            for (Map.Entry<MemSeries, Integer> e : u.chunkCounts().entrySet()) {
                e.getKey().pending.subList(0, e.getValue()).clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every series' id and labels, for the log's series file. */
    List<Map.Entry<Long, Labels>> definitions() {
        List<Map.Entry<Long, Labels>> defs = new ArrayList<>();
        lock.lock();
        try {
            for (MemSeries s : all) {
                defs.add(Map.entry(s.id, s.labels));
            }
        } finally {
            lock.unlock();
        }
        return defs;
    }

    // ------------------------------------------------------------------------------------- log, state, counters

    /** Writes the log's buffer and forces it to disk. */
    void syncLog() throws IOException {
        wal.sync();
    }

    /** The bytes of the log's current segment. */
    long logBytes() {
        return wal.bytes();
    }

    void closeLog() throws IOException {
        wal.close();
    }

    /** Whether the store is closed, read under the lock. */
    boolean closed() {
        lock.lock();
        try {
            return state.closed();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the store closed under the lock: an append either finishes before or sees it. */
    void markClosed() {
        lock.lock();
        try {
            state.markClosed();
        } finally {
            lock.unlock();
        }
    }

    int seriesCount() {
        lock.lock();
        try {
            return all.size();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a change to the settled past (a late sample, or retention dropping data). */
    void pastChanged() {
        settledVersion.incrementAndGet();
    }

    long settledVersion() {
        return settledVersion.get();
    }

    long samplesAppended() {
        return samplesAppended.get();
    }

    long outOfOrder() {
        return outOfOrder.get();
    }

    long overLimit() {
        return overLimit.get();
    }

    long walRecordsReplayed() {
        return walRecordsReplayed;
    }

    long walBytesDiscarded() {
        return walBytesDiscarded;
    }

    // ------------------------------------------------------------------------------------------------------ replay

    private void replay(Path segment, long number) throws IOException {
        long[] skipped = new long[1];
        WriteAheadLog.Replay r = WriteAheadLog.replay(segment, new WriteAheadLog.Visitor() {
            @Override
            public void series(long id, Labels labels) {
                MemSeries s = byId.get(id);
                if (s == null) {
                    s = new MemSeries(id, labels);
                    register(s);
                    unsavedSeries.add(s);
                } else if (!s.labels.equals(labels)) {
                    LOG.warn(
                            "write-ahead log {} names series {} {} but the database has {}; keeping the database's",
                            segment,
                            id,
                            labels,
                            s.labels);
                }
            }

            @Override
            public void sample(long id, long tsMillis, double value) {
                MemSeries s = byId.get(id);
                if (s == null) {
                    skipped[0]++;
                } else if (appendLocked(s, tsMillis, value, number)) {
                    samplesAppended.incrementAndGet();
                }
            }
        });
        walRecordsReplayed += r.records();
        walBytesDiscarded += r.bytesDiscarded();
        if (r.bytesDiscarded() > 0 || skipped[0] > 0) {
            LOG.warn(
                    "write-ahead log {}: replayed {} records, stopped at {}; {} bytes discarded, {} samples of"
                            + " unknown series skipped",
                    segment,
                    r.records(),
                    r.stopReason(),
                    r.bytesDiscarded(),
                    skipped[0]);
        }
    }
}
