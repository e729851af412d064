package io.triad.metrics.store;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.SeriesSource;
import io.triad.metrics.model.StepSampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring's time-series store: samples of labelled series, compressed in {@link XorChunk}s, with per-minute and
 * per-hour rollups, kept in an H2 database under a data directory ({@code <dir>/metrics.mv.db}, write-ahead log in
 * {@code <dir>/wal/}).
 *
 * <p><b>Write path.</b> {@link #append(Labels, long, double)} and {@link #append(List)} add samples to the series'
 * in-memory head chunk and to the write-ahead log, which a background thread forces to disk every {@link
 * StoreConfig#walSyncInterval()} (a crash loses at most that much). Chunks are aligned to windows of {@link
 * StoreConfig#chunkMaxSpan()} (2 h): a head chunk closes when a sample of a later window arrives, at {@link
 * StoreConfig#chunkMaxSamples()} samples, or at the first checkpoint after its window ended. A checkpoint (every
 * {@link StoreConfig#checkpointInterval()}, or when the log's current segment reaches {@link
 * StoreConfig#checkpointWalBytes()}) starts a new log segment, then writes in one H2 transaction the new series and
 * the closed chunks with their minute and hour rollups, and then deletes the log segments that no open head chunk has
 * samples in. Head chunks are never written to H2: the log holds them (as in Prometheus's head block), so H2 only
 * ever appends whole chunks, and the log spans about one window. Opening replays the log; samples that H2 already
 * holds are skipped.
 *
 * <p><b>Refusals.</b> A sample not after its series' last one is refused ({@link RejectedSampleException.Reason
 * #OUT_OF_ORDER}), as is the first sample of a new series once {@link StoreConfig#maxSeries()} series exist ({@link
 * RejectedSampleException.Reason#CARDINALITY_LIMIT}); both are counted in {@link #stats()}.
 *
 * <p><b>Read path.</b> {@link #select} reads raw samples from the chunks in H2, the closed chunks not yet written and
 * the head chunks. With {@code resolutionMillis >= 60,000} it answers from the minute rollups, with {@code >=
 * 3,600,000} from the hour rollups: one sample per step, the step's <em>last</em> value, stamped at the step's last
 * millisecond ({@code start + step - 1}); {@link #rollups} gives the whole bucket (min, max, sum, count, last).
 * Prometheus's stale marker NaN is never returned.
 *
 * <p><b>Retention.</b> {@link #applyRetention()} (the appliance calls it periodically) drops raw chunks older than
 * {@link StoreConfig#rawRetention()}, minute rollups older than {@link StoreConfig#minuteRetention()} and whole chunk
 * rows (hour rollups) older than {@link StoreConfig#hourRetention()}, by the chunk's last sample and the clock.
 *
 * <p><b>A corrupt database.</b> H2 writes each commit before it returns ({@link H2File#url}: with H2's background
 * writer a kill could leave a file whose newest chunk does not list the one before it). When H2 still cannot open
 * {@code metrics.mv.db} because the file is corrupt ({@link H2File#isCorruption}), the store moves it aside to {@code metrics.corrupt-<UTC time>.mv.db} (keeping the newest
 * {@link StoreConfig#corruptFilesKept()}), logs one error naming the cause and the new path, counts it in {@link
 * StoreStats#recoveries()}, and starts a fresh database into which the log is replayed: the head chunks survive, the
 * chunks that were in H2 are lost. Any other failure to open (the file locked by another process, an I/O error, a
 * database of another format) fails the open and leaves the file alone. The log names every series its samples
 * belong to even after old segments are deleted ({@link WriteAheadLog#writeSeriesFile}). {@link #close()} closes H2
 * without its closing work ({@link H2File#shutDown}), which a kill could otherwise interrupt.
 *
 * <p>NOTE: thread safe. Appends and the in-memory part of reads share one lock; H2 reads run outside it. A storage
 * error of the log or of a checkpoint fails the store: it is logged once, kept, and every later call throws an
 * {@link IOException} with it as the cause. The caller owns the store and closes it, which writes a last checkpoint.
 */
public final class SeriesStore implements SeriesSource, AutoCloseable {
    /** One minute, the finer rollup step. */
    public static final long MINUTE = 60_000L;

    /**
     * How far behind the clock a sample has to be to count as late (it changes a past that answers may have been
     * cached for): ten minutes, past any scrape interval and remote-write batching.
     */
    public static final long SETTLED_MILLIS = 10 * MINUTE;
    /** One hour, the coarser rollup step. */
    public static final long HOUR = 3_600_000L;

    private static final Logger LOG = LoggerFactory.getLogger(SeriesStore.class);
    private static final int MAX_ERRORS = 5;
    /** The on-disk format: 2 since chunks are window-aligned, values {@link DecimalXor}-coded, heads only logged. */
    private static final String FORMAT = "2";
    /** The database's file name without H2's {@code .mv.db}. */
    private static final String DATABASE = "metrics";
    /** The tables every database of {@link #FORMAT} has. */
    private static final List<String> TABLES = List.of("SERIES", "SERIES_LABEL", "CHUNK");

    private final Path dir;
    private final StoreConfig config;
    private final Clock clock;
    private final long chunkSpanMillis;
    private final JdbcConnectionPool pool;
    private final Connection writer;
    private final WriteAheadLog wal;
    private final ScheduledExecutorService background;

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();

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
    private boolean closed;

    private volatile @Nullable IOException failure;

    private final AtomicLong samplesAppended = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong settledVersion = new AtomicLong();
    private final AtomicLong overLimit = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong chunksWritten = new AtomicLong();
    private final AtomicLong chunkBytesWritten = new AtomicLong();
    private final AtomicLong chunkSamplesWritten = new AtomicLong();
    private final AtomicLong rollupBytesWritten = new AtomicLong();
    private long walRecordsReplayed;
    private long walBytesDiscarded;
    private long recoveries;

    /** A closed chunk (or a copy of a head chunk) with its time range. */
    private record ChunkRef(long minTime, long maxTime, int samples, byte[] bytes) {}

    /** One series in memory. */
    private static final class MemSeries {
        final long id;
        final Labels labels;
        XorChunk.@Nullable Appender head;
        /** The log segment that holds the head's first sample; it and later ones are kept while the head is open. */
        long headSegment;

        /** The first millisecond after the head's window (a division per chunk, not per sample). */
        long headWindowEnd;

        long lastTs = Long.MIN_VALUE;
        final List<ChunkRef> pending = new ArrayList<>();

        MemSeries(long id, Labels labels) {
            this.id = id;
            this.labels = labels;
        }
    }

    private SeriesStore(Path dir, StoreConfig config, Clock clock) throws IOException {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.chunkSpanMillis = config.chunkMaxSpan().toMillis();
        Files.createDirectories(dir);
        Path base = dir.resolve(DATABASE).toAbsolutePath();
        String url = H2File.url(base);
        JdbcConnectionPool p = JdbcConnectionPool.create(url, "sa", "");
        Connection w = null;
        WriteAheadLog log = null;
        try {
            try {
                w = openDatabase(base, url);
            } catch (SQLException e) {
                if (!H2File.isCorruption(e)) {
                    throw new IOException(
                            "cannot open the metrics store database " + base + ".mv.db: " + H2File.describe(e), e);
                }
                Path moved = H2File.setAside(base, clock.instant(), config.corruptFilesKept());
                LOG.error(
                        "metrics store database {}.mv.db is corrupt ({}); moved it to {} (the newest {} such files are"
                                + " kept) and started a fresh database: the write-ahead log's samples are replayed, older"
                                + " samples are lost",
                        base,
                        H2File.describe(e),
                        moved,
                        config.corruptFilesKept(),
                        e);
                recoveries = 1;
                w = openDatabase(base, url);
            }
            Path walDir = dir.resolve("wal");
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
            log = WriteAheadLog.create(walDir, lastSegment + 1);
            currentSegment = lastSegment + 1;
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(w, log);
            p.dispose();
            throw e instanceof IOException io
                    ? io
                    : new IOException("cannot open the metrics store in " + dir + ": " + e.getMessage(), e);
        }
        this.pool = p;
        this.writer = w;
        this.wal = log;
        this.background = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "triad-metrics-store");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (or creates) the store in {@code dir}, replays its write-ahead log, writes a checkpoint and starts the
     * background threads (log fsync, checkpoints).
     *
     * @throws IOException when the database or the log cannot be read or written
     */
    public static SeriesStore open(Path dir, StoreConfig config, Clock clock) throws IOException {
        SeriesStore store = new SeriesStore(dir, config, clock);
        try {
            store.checkpoint();
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        store.start();
        return store;
    }

    private void start() {
        long sync = config.walSyncInterval().toMillis();
        long cp = config.checkpointInterval().toMillis();
        var unusedSync = background.scheduleWithFixedDelay(this::backgroundSync, sync, sync, TimeUnit.MILLISECONDS);
        var unusedCp = background.scheduleWithFixedDelay(this::backgroundCheckpoint, cp, cp, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------------------------------------------- appends

    /**
     * Appends one sample.
     *
     * @throws RejectedSampleException when the sample is not after its series' last one, or when it would create a
     *     series beyond the cardinality limit
     * @throws IOException when the store has failed or the log cannot be written
     */
    public void append(Labels labels, long tsMillis, double value) throws IOException, RejectedSampleException {
        lock.lock();
        try {
            ensureOpen();
            MemSeries s = byLabels.get(labels);
            if (s == null) {
                s = createSeries(labels);
            }
            if (!appendLocked(s, tsMillis, value, currentSegment)) {
                outOfOrder.incrementAndGet();
                throw new RejectedSampleException(
                        RejectedSampleException.Reason.OUT_OF_ORDER, outOfOrderMessage(s, tsMillis));
            }
            if (tsMillis <= clock.millis() - SETTLED_MILLIS) {
                settledVersion.incrementAndGet();
            }
            scratchIds[0] = s.id;
            scratchTs[0] = tsMillis;
            scratchValues[0] = value;
            wal.writeSamples(scratchIds, scratchTs, scratchValues, 1);
            samplesAppended.incrementAndGet();
        } catch (IOException e) {
            throw fail(e);
        } finally {
            lock.unlock();
        }
        maybeRequestCheckpoint();
    }

    /**
     * Appends samples of any series in one log record. Refused samples (out of order, over the cardinality limit)
     * are counted and skipped; the others are stored.
     *
     * @throws IOException when the store has failed or the log cannot be written
     */
    public AppendResult append(List<Sample> samples) throws IOException {
        int accepted = 0;
        int ooo = 0;
        int card = 0;
        List<String> errors = new ArrayList<>();
        lock.lock();
        try {
            ensureOpen();
            if (scratchIds.length < samples.size()) {
                int n = Math.max(samples.size(), scratchIds.length * 2);
                scratchIds = new long[n];
                scratchTs = new long[n];
                scratchValues = new double[n];
            }
            @Nullable Labels prevLabels = null;
            @Nullable MemSeries prev = null;
            long settledBefore = clock.millis() - SETTLED_MILLIS;
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
            throw fail(e);
        } finally {
            lock.unlock();
        }
        samplesAppended.addAndGet(accepted);
        outOfOrder.addAndGet(ooo);
        maybeRequestCheckpoint();
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

    /** What a read needs of one series, copied under the lock. */
    private record Snapshot(long id, Labels labels, List<ChunkRef> memory) {}

    private List<Snapshot> snapshot(List<LabelMatcher> matchers) throws IOException {
        List<Snapshot> out = new ArrayList<>();
        lock.lock();
        try {
            ensureOpen();
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

    /**
     * {@inheritDoc}
     *
     * <p>Below a resolution of one minute the samples are raw; from one minute (and from one hour) one sample per
     * minute (hour) from the rollups: the step's last value, stamped {@code start + step - 1}.
     */
    @Override
    public List<SeriesData> select(List<LabelMatcher> matchers, long fromMillis, long toMillis, long resolutionMillis)
            throws IOException {
        long step = resolutionMillis >= HOUR ? HOUR : resolutionMillis >= MINUTE ? MINUTE : 0;
        if (step == 0) {
            return selectRaw(matchers, fromMillis, toMillis, null);
        }
        List<Snapshot> snaps = snapshot(matchers);
        List<SeriesData> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = rollupStatement(c, step)) {
            for (Snapshot s : snaps) {
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
     * {@inheritDoc}
     *
     * <p>A sample is late when it is {@link #SETTLED_MILLIS} or more older than the clock when it is appended; the
     * settled past ends a minute before that, so an append still in flight cannot slip in behind a cached answer.
     */
    @Override
    public Settled settled() {
        return new Settled(settledVersion.get(), clock.millis() - SETTLED_MILLIS - 60_000L);
    }

    /** {@inheritDoc} The samples the evaluation times do not take are dropped as the chunks are decoded. */
    @Override
    public List<SeriesData> select(List<LabelMatcher> matchers, StepSampling sampling) throws IOException {
        return selectRaw(matchers, sampling.fromMillis(), sampling.toMillis(), sampling);
    }

    private List<SeriesData> selectRaw(
            List<LabelMatcher> matchers, long fromMillis, long toMillis, @Nullable StepSampling sampling)
            throws IOException {
        List<Snapshot> snaps = snapshot(matchers);
        List<SeriesData> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT min_time, max_time, samples, raw_chunk FROM chunk"
                        + " WHERE series_id = ? AND max_time >= ? AND min_time <= ? AND raw_chunk IS NOT NULL"
                        + " ORDER BY min_time")) {
            for (Snapshot s : snaps) {
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

    /**
     * The rollup buckets of one series whose step starts within {@code [fromMillis - step + 1, toMillis]}, oldest
     * first; empty when the series is unknown.
     *
     * @param stepMillis {@link #MINUTE} or {@link #HOUR}
     */
    public List<RollupBucket> rollups(Labels labels, long fromMillis, long toMillis, long stepMillis)
            throws IOException {
        if (stepMillis != MINUTE && stepMillis != HOUR) {
            throw new IllegalArgumentException(
                    "rollup step must be " + MINUTE + " or " + HOUR + " ms; got: " + stepMillis);
        }
        List<LabelMatcher> exact = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            exact.add(LabelMatcher.eq(e.getKey(), e.getValue()));
        }
        for (Snapshot s : snapshot(exact)) {
            if (s.labels().equals(labels)) {
                try (Connection c = pool.getConnection();
                        PreparedStatement ps = rollupStatement(c, stepMillis)) {
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

    private static PreparedStatement rollupStatement(Connection c, long step) throws SQLException {
        String column = step == HOUR ? "hour_rollup" : "minute_rollup";
        return c.prepareStatement("SELECT min_time, max_time, " + column + " FROM chunk"
                + " WHERE series_id = ? AND max_time >= ? AND min_time <= ? AND " + column + " IS NOT NULL"
                + " ORDER BY min_time");
    }

    private static SeriesData raw(PreparedStatement ps, Snapshot s, long from, long to, @Nullable StepSampling sampling)
            throws SQLException {
        List<ChunkRef> chunks = new ArrayList<>();
        ps.setLong(1, s.id());
        ps.setLong(2, from);
        ps.setLong(3, to);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                chunks.add(new ChunkRef(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4)));
            }
        }
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

    private static List<RollupBucket> rollups(PreparedStatement ps, Snapshot s, long from, long to, long step)
            throws SQLException {
        List<List<RollupBucket>> parts = new ArrayList<>();
        long lastMax = Long.MIN_VALUE;
        ps.setLong(1, s.id());
        ps.setLong(2, from);
        ps.setLong(3, to);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long min = rs.getLong(1);
                if (min <= lastMax) {
                    continue;
                }
                lastMax = rs.getLong(2);
                parts.add(Rollups.decode(rs.getBytes(3)));
            }
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

    // ------------------------------------------------------------------------------------ checkpoint, retention

    /**
     * Writes the new series and the closed chunks (with their rollups) to H2 in one transaction, then deletes the log
     * segments that no open head chunk has samples in. Head chunks whose window has ended are closed first. Runs in
     * the background; callers may run it to flush closed chunks (open head chunks stay in memory and in the log).
     *
     * @throws IOException when H2 or the log fails (the store then fails)
     */
    public void checkpoint() throws IOException {
        checkpointLock.lock();
        try {
            ensureOpen();
            checkpointLocked();
        } finally {
            checkpointLock.unlock();
        }
    }

    private void checkpointLocked() throws IOException {
        List<MemSeries> series;
        Map<MemSeries, Integer> chunkCounts = new IdentityHashMap<>();
        List<MemSeries> chunkOwners = new ArrayList<>();
        List<ChunkRef> chunks = new ArrayList<>();
        WriteAheadLog.Rotation rotation;
        long keepFrom;
        long now = clock.millis();
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
            series = new ArrayList<>(unsavedSeries);
            // under the lock: later samples go to the new segment, every earlier one is in this snapshot
            rotation = wal.rotate();
            currentSegment = wal.segment();
            keepFrom = currentSegment;
            for (MemSeries s : all) {
                if (s.head != null) {
                    keepFrom = Math.min(keepFrom, s.headSegment);
                }
            }
        } catch (IOException e) {
            throw fail(e);
        } finally {
            lock.unlock();
        }
        try {
            rotation.finish();
        } catch (IOException e) {
            throw fail(e);
        }
        try {
            long[] written = writeCheckpoint(series, chunkOwners, chunks);
            chunksWritten.addAndGet(chunks.size());
            chunkBytesWritten.addAndGet(written[0]);
            chunkSamplesWritten.addAndGet(written[1]);
            rollupBytesWritten.addAndGet(written[2]);
        } catch (SQLException e) {
            throw fail(new IOException("metrics store checkpoint to H2 failed: " + e.getMessage(), e));
        }
        lock.lock();
        try {
            // NOTE: unsavedSeries only ever grows at its end, so the saved ones are its first series.size()
            unsavedSeries.subList(0, series.size()).clear();
            for (Map.Entry<MemSeries, Integer> e : chunkCounts.entrySet()) {
                e.getKey().pending.subList(0, e.getValue()).clear();
            }
        } finally {
            lock.unlock();
        }
        List<Path> doomed = new ArrayList<>();
        for (Path p : rotation.older()) {
            if (WriteAheadLog.segmentNumber(p) < keepFrom) {
                doomed.add(p);
            }
        }
        if (!doomed.isEmpty()) {
            // the doomed segments may hold the only log records of series: the series file stands in for them
            List<Map.Entry<Long, Labels>> defs = new ArrayList<>();
            lock.lock();
            try {
                for (MemSeries s : all) {
                    defs.add(Map.entry(s.id, s.labels));
                }
            } finally {
                lock.unlock();
            }
            try {
                WriteAheadLog.writeSeriesFile(dir.resolve("wal"), keepFrom, defs);
                for (Path p : doomed) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw fail(e);
            }
        }
        checkpoints.incrementAndGet();
    }

    /** Returns chunk bytes, chunk samples and rollup bytes written. */
    private long[] writeCheckpoint(List<MemSeries> series, List<MemSeries> chunkOwners, List<ChunkRef> chunks)
            throws SQLException {
        long chunkBytes = 0;
        long chunkSamples = 0;
        long rollupBytes = 0;
        try {
            try (PreparedStatement ps = writer.prepareStatement(
                            "MERGE INTO series (id, metric, labels) KEY (id) VALUES (?, ?, ?)");
                    PreparedStatement pl = writer.prepareStatement(
                            "MERGE INTO series_label (series_id, name, label_value) KEY (series_id, name) VALUES (?, ?, ?)")) {
                for (MemSeries s : series) {
                    ps.setLong(1, s.id);
                    ps.setString(2, s.labels.name());
                    ps.setString(3, s.labels.toString());
                    ps.addBatch();
                    for (Map.Entry<String, String> e : s.labels.asMap().entrySet()) {
                        pl.setLong(1, s.id);
                        pl.setString(2, e.getKey());
                        pl.setString(3, e.getValue());
                        pl.addBatch();
                    }
                }
                ps.executeBatch();
                pl.executeBatch();
            }
            try (PreparedStatement ps =
                    writer.prepareStatement("INSERT INTO chunk (series_id, min_time, max_time, samples,"
                            + " raw_chunk, minute_rollup, hour_rollup) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int batched = 0;
                for (int i = 0; i < chunks.size(); i++) {
                    ChunkRef c = chunks.get(i);
                    Rollups.Builder minute = new Rollups.Builder(MINUTE);
                    Rollups.Builder hour = new Rollups.Builder(HOUR);
                    XorChunk.Decoder d = new XorChunk.Decoder(c.bytes());
                    while (d.next()) {
                        minute.add(d.timestamp(), d.value());
                        hour.add(d.timestamp(), d.value());
                    }
                    byte[] m = Rollups.encode(minute.buckets());
                    byte[] h = Rollups.encode(hour.buckets());
                    ps.setLong(1, chunkOwners.get(i).id);
                    ps.setLong(2, c.minTime());
                    ps.setLong(3, c.maxTime());
                    ps.setInt(4, c.samples());
                    ps.setBytes(5, c.bytes());
                    ps.setBytes(6, m);
                    ps.setBytes(7, h);
                    ps.addBatch();
                    chunkBytes += c.bytes().length;
                    chunkSamples += c.samples();
                    rollupBytes += m.length + h.length;
                    if (++batched == 1000) {
                        ps.executeBatch();
                        batched = 0;
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement up = writer.prepareStatement("UPDATE series SET saved_until = ? WHERE id = ?")) {
                int batched = 0;
                for (int i = 0; i < chunks.size(); i++) {
                    // the last chunk of each series in this checkpoint ends its saved range
                    if (i + 1 < chunks.size() && chunkOwners.get(i + 1) == chunkOwners.get(i)) {
                        continue;
                    }
                    up.setLong(1, chunks.get(i).maxTime());
                    up.setLong(2, chunkOwners.get(i).id);
                    up.addBatch();
                    if (++batched == 1000) {
                        up.executeBatch();
                        batched = 0;
                    }
                }
                up.executeBatch();
            }
            writer.commit();
            try (Statement st = writer.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
        return new long[] {chunkBytes, chunkSamples, rollupBytes};
    }

    /**
     * Drops what is older than its resolution's retention, judged by each chunk's last sample and the clock.
     *
     * @throws IOException when H2 fails
     */
    public RetentionResult applyRetention() throws IOException {
        long now = clock.millis();
        checkpointLock.lock();
        try {
            ensureOpen();
            try (PreparedStatement raw = writer.prepareStatement(
                            "UPDATE chunk SET raw_chunk = NULL WHERE max_time < ? AND raw_chunk IS NOT NULL");
                    PreparedStatement minute = writer.prepareStatement(
                            "UPDATE chunk SET minute_rollup = NULL WHERE max_time < ? AND minute_rollup IS NOT NULL");
                    PreparedStatement rows = writer.prepareStatement("DELETE FROM chunk WHERE max_time < ?")) {
                raw.setLong(1, now - config.rawRetention().toMillis());
                minute.setLong(1, now - config.minuteRetention().toMillis());
                rows.setLong(1, now - config.hourRetention().toMillis());
                int r = raw.executeUpdate();
                int m = minute.executeUpdate();
                int d = rows.executeUpdate();
                writer.commit();
                if (r + m + d > 0) {
                    settledVersion.incrementAndGet();
                }
                return new RetentionResult(r, m, d);
            } catch (SQLException e) {
                try {
                    writer.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw new IOException("metrics store retention failed: " + e.getMessage(), e);
            }
        } finally {
            checkpointLock.unlock();
        }
    }

    /** Writes the log's buffer and forces it to disk (the background thread does this every sync interval). */
    public void sync() throws IOException {
        ensureOpen();
        try {
            wal.sync();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Counters since the store opened. */
    public StoreStats stats() {
        int n;
        lock.lock();
        try {
            n = all.size();
        } finally {
            lock.unlock();
        }
        return new StoreStats(
                n,
                samplesAppended.get(),
                outOfOrder.get(),
                overLimit.get(),
                checkpoints.get(),
                chunksWritten.get(),
                chunkBytesWritten.get(),
                chunkSamplesWritten.get(),
                rollupBytesWritten.get(),
                walRecordsReplayed,
                walBytesDiscarded,
                recoveries);
    }

    /** Stops the background threads, writes a last checkpoint and closes the log and H2. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
        } finally {
            lock.unlock();
        }
        background.shutdown();
        try {
            if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("metrics store background tasks did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException error = null;
        checkpointLock.lock();
        try {
            if (failure == null) {
                checkpointLocked();
            }
        } catch (IOException e) {
            error = e;
        } finally {
            lock.lock();
            try {
                closed = true;
            } finally {
                lock.unlock();
            }
            checkpointLock.unlock();
        }
        try {
            wal.close();
        } catch (IOException e) {
            error = addTo(error, e);
        }
        // the readers' idle connections first; the writer's keeps the database open until it shuts it down
        pool.dispose();
        try {
            H2File.shutDown(writer);
        } catch (SQLException e) {
            error = addTo(error, new IOException("cannot close the metrics store database: " + e.getMessage(), e));
        }
        if (error != null) {
            throw error;
        }
    }

    // ------------------------------------------------------------------------------------------- open, recovery

    /**
     * Connects, creates the tables (or checks an existing database's) and loads the series; on failure the connection
     * is shut down without H2's closing work.
     */
    private Connection openDatabase(Path base, String url) throws SQLException, IOException {
        long bytes = H2File.fileBytes(base);
        // not from the pool: the pool's connections are the readers', and closing one after SHUTDOWN IMMEDIATELY
        // writes an error to H2's trace file
        Connection c = DriverManager.getConnection(url, "sa", "");
        try {
            createSchema(c, bytes);
            c.setAutoCommit(false);
            load(c);
            return c;
        } catch (SQLException | IOException | RuntimeException e) {
            H2File.abandon(c, e);
            throw e;
        }
    }

    /**
     * Creates the tables, or checks that an existing database has this version's format and all of its tables.
     *
     * @throws IOException when the database holds another format
     * @throws H2File.CorruptException when it records this format but lacks a table (H2 skips a table whose
     *     definition it cannot read while it opens a damaged file, and logs it only to its trace file), or when H2
     *     found no table at all in a file that has chunks ({@link H2File#checkNotEmptied})
     */
    private void createSchema(Connection c, long fileBytes) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            H2File.checkNotEmptied(c, fileBytes, "STORE_META");
            st.execute("CREATE TABLE IF NOT EXISTS store_meta (meta_key VARCHAR PRIMARY KEY, meta_value VARCHAR)");
            String format = null;
            try (ResultSet rs = st.executeQuery("SELECT meta_value FROM store_meta WHERE meta_key = 'format'")) {
                if (rs.next()) {
                    format = rs.getString(1);
                }
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            boolean hasChunks = tables.contains("CHUNK");
            if (hasChunks ? !FORMAT.equals(format) : format != null && !FORMAT.equals(format)) {
                throw new IOException("the metrics store in " + dir + " has format "
                        + (format == null ? "1" : format) + "; this version reads format " + FORMAT
                        + " only: move the directory away (its series start again empty)");
            }
            if (format != null) {
                List<String> missing = new ArrayList<>(TABLES);
                missing.removeAll(tables);
                if (!missing.isEmpty()) {
                    throw new H2File.CorruptException("the database records format " + format
                            + " but lacks the tables " + missing + " (H2 could not read their definitions; its trace"
                            + " file " + DATABASE + ".trace.db tells why)");
                }
            }
            st.execute("CREATE TABLE IF NOT EXISTS series (id BIGINT PRIMARY KEY, metric VARCHAR NOT NULL,"
                    + " labels VARCHAR NOT NULL, saved_until BIGINT NOT NULL DEFAULT " + Long.MIN_VALUE + ")");
            st.execute("CREATE TABLE IF NOT EXISTS series_label (series_id BIGINT NOT NULL, name VARCHAR NOT NULL,"
                    + " label_value VARCHAR NOT NULL, PRIMARY KEY (series_id, name))");
            st.execute("CREATE INDEX IF NOT EXISTS series_label_value ON series_label (name, label_value)");
            st.execute("CREATE TABLE IF NOT EXISTS chunk (series_id BIGINT NOT NULL, min_time BIGINT NOT NULL,"
                    + " max_time BIGINT NOT NULL, samples INT NOT NULL, raw_chunk VARBINARY, minute_rollup VARBINARY,"
                    + " hour_rollup VARBINARY, PRIMARY KEY (series_id, min_time))");
            st.execute("CREATE INDEX IF NOT EXISTS chunk_max_time ON chunk (max_time)");
            // last: a database that records the format has every table
            st.execute(
                    "MERGE INTO store_meta (meta_key, meta_value) KEY (meta_key) VALUES ('format', '" + FORMAT + "')");
        }
    }

    private void load(Connection c) throws SQLException {
        Map<Long, Map<String, String>> labels = new TreeMap<>();
        Map<Long, Long> savedUntil = new HashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, saved_until FROM series")) {
                while (rs.next()) {
                    labels.put(rs.getLong(1), new TreeMap<>());
                    savedUntil.put(rs.getLong(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT series_id, name, label_value FROM series_label")) {
                while (rs.next()) {
                    Map<String, String> m = labels.get(rs.getLong(1));
                    if (m != null) {
                        m.put(rs.getString(2), rs.getString(3));
                    }
                }
            }
            for (Map.Entry<Long, Map<String, String>> e : labels.entrySet()) {
                MemSeries s = new MemSeries(e.getKey(), Labels.of(e.getValue()));
                // samples up to here are in H2: the log's replay skips them as out of order
                s.lastTs = savedUntil.getOrDefault(e.getKey(), Long.MIN_VALUE);
                register(s);
            }
        }
    }

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

    // ------------------------------------------------------------------------------------------------ background

    private void backgroundSync() {
        try {
            if (failure == null) {
                wal.sync();
            }
        } catch (IOException e) {
            var unused = fail(e);
        }
    }

    private void backgroundCheckpoint() {
        try {
            if (failure == null) {
                checkpoint();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("metrics store checkpoint failed", e);
        } finally {
            checkpointRequested.set(false);
        }
    }

    private void maybeRequestCheckpoint() {
        if (wal.bytes() >= config.checkpointWalBytes() && checkpointRequested.compareAndSet(false, true)) {
            try {
                background.execute(this::backgroundCheckpoint);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                checkpointRequested.set(false); // closing
            }
        }
    }

    private void ensureOpen() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("the metrics store in " + dir + " failed earlier: " + f.getMessage(), f);
        }
        if (closed) {
            throw new IOException("the metrics store in " + dir + " is closed");
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
            LOG.error("metrics store in {} failed; it refuses further appends", dir, e);
        }
        return e;
    }

    private static IOException addTo(@Nullable IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void closeQuietly(@Nullable Connection c, @Nullable WriteAheadLog log) {
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            LOG.debug("while closing after a failed open", e);
        }
        if (c != null) {
            IOException e = new IOException("while closing after a failed open");
            H2File.abandon(c, e);
            if (e.getSuppressed().length > 0) {
                LOG.debug("while closing after a failed open", e);
            }
        }
    }
}
