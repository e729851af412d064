package io.triad.metrics.store;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.SeriesSource;
import io.triad.metrics.model.StepSampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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

    private final StoreConfig config;
    private final Clock clock;
    private final StoreState state;
    private final ChunkTable table;
    private final Head head;
    private final SeriesReader reader;
    private final Checkpointer checkpointer;
    private final Retention retention;
    private final ScheduledExecutorService background;
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();

    private SeriesStore(Path dir, StoreConfig config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.state = new StoreState(dir);
        Files.createDirectories(dir);
        ChunkTable t = null;
        Head h;
        try {
            t = ChunkTable.open(dir, config, clock);
            h = new Head(dir.resolve("wal"), config, clock, state, t.savedSeries());
        } catch (SQLException | IOException | RuntimeException e) {
            if (t != null) {
                t.abandon();
            }
            throw e instanceof IOException io
                    ? io
                    : new IOException("cannot open the metrics store in " + dir + ": " + e.getMessage(), e);
        }
        this.table = t;
        this.head = h;
        this.reader = new SeriesReader(dir, h, t);
        // checkpoints and retention write through the database's one writer connection, one at a time
        ReentrantLock writeLock = new ReentrantLock();
        this.checkpointer = new Checkpointer(dir.resolve("wal"), clock, h, t, state, writeLock);
        this.retention = new Retention(config, h, t, state, writeLock);
        this.background = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "triad-metrics-store");
            thread.setDaemon(true);
            return thread;
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
        head.append(labels, tsMillis, value);
        maybeRequestCheckpoint();
    }

    /**
     * Appends samples of any series in one log record. Refused samples (out of order, over the cardinality limit)
     * are counted and skipped; the others are stored.
     *
     * @throws IOException when the store has failed or the log cannot be written
     */
    public AppendResult append(List<Sample> samples) throws IOException {
        AppendResult result = head.append(samples);
        maybeRequestCheckpoint();
        return result;
    }

    // ------------------------------------------------------------------------------------------------------ reads

    /**
     * {@inheritDoc}
     *
     * <p>Below a resolution of one minute the samples are raw; from one minute (and from one hour) one sample per
     * minute (hour) from the rollups: the step's last value, stamped {@code start + step - 1}.
     */
    @Override
    public List<SeriesData> select(List<LabelMatcher> matchers, long fromMillis, long toMillis, long resolutionMillis)
            throws IOException {
        return reader.select(matchers, fromMillis, toMillis, resolutionMillis);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A sample is late when it is {@link #SETTLED_MILLIS} or more older than the clock when it is appended; the
     * settled past ends a minute before that, so an append still in flight cannot slip in behind a cached answer.
     */
    @Override
    public Settled settled() {
        return new Settled(head.settledVersion(), clock.millis() - SETTLED_MILLIS - 60_000L);
    }

    /** {@inheritDoc} The samples the evaluation times do not take are dropped as the chunks are decoded. */
    @Override
    public List<SeriesData> select(List<LabelMatcher> matchers, StepSampling sampling) throws IOException {
        return reader.selectRaw(matchers, sampling.fromMillis(), sampling.toMillis(), sampling);
    }

    /**
     * The rollup buckets of one series whose step starts within {@code [fromMillis - step + 1, toMillis]}, oldest
     * first; empty when the series is unknown.
     *
     * @param stepMillis {@link #MINUTE} or {@link #HOUR}
     */
    public List<RollupBucket> rollups(Labels labels, long fromMillis, long toMillis, long stepMillis)
            throws IOException {
        return reader.rollups(labels, fromMillis, toMillis, stepMillis);
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
        checkpointer.checkpoint();
    }

    /**
     * Drops what is older than its resolution's retention, judged by each chunk's last sample and the clock.
     *
     * @throws IOException when H2 fails
     */
    public RetentionResult applyRetention() throws IOException {
        return retention.apply(clock.millis());
    }

    /** Writes the log's buffer and forces it to disk (the background thread does this every sync interval). */
    public void sync() throws IOException {
        state.ensureOpen();
        try {
            head.syncLog();
        } catch (IOException e) {
            throw state.fail(e);
        }
    }

    /** Counters since the store opened. */
    public StoreStats stats() {
        return new StoreStats(
                head.seriesCount(),
                head.samplesAppended(),
                head.outOfOrder(),
                head.overLimit(),
                checkpointer.checkpoints(),
                checkpointer.chunksWritten(),
                checkpointer.chunkBytesWritten(),
                checkpointer.chunkSamplesWritten(),
                checkpointer.rollupBytesWritten(),
                head.walRecordsReplayed(),
                head.walBytesDiscarded(),
                table.recoveries());
    }

    /** Stops the background threads, writes a last checkpoint and closes the log and H2. */
    @Override
    public void close() throws IOException {
        if (head.closed()) {
            return;
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
        try {
            checkpointer.lastCheckpoint();
        } catch (IOException e) {
            error = e;
        }
        try {
            head.closeLog();
        } catch (IOException e) {
            error = addTo(error, e);
        }
        try {
            table.close();
        } catch (IOException e) {
            error = addTo(error, e);
        }
        if (error != null) {
            throw error;
        }
    }

    // ------------------------------------------------------------------------------------------------ background

    private void backgroundSync() {
        try {
            if (!state.failed()) {
                head.syncLog();
            }
        } catch (IOException e) {
            var unused = state.fail(e);
        }
    }

    private void backgroundCheckpoint() {
        try {
            if (!state.failed()) {
                checkpoint();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("metrics store checkpoint failed", e);
        } finally {
            checkpointRequested.set(false);
        }
    }

    private void maybeRequestCheckpoint() {
        if (head.logBytes() >= config.checkpointWalBytes() && checkpointRequested.compareAndSet(false, true)) {
            try {
                background.execute(this::backgroundCheckpoint);
            } catch (RejectedExecutionException e) {
                checkpointRequested.set(false); // closing
            }
        }
    }

    private static IOException addTo(@Nullable IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
