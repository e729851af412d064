package io.triad.collector.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import io.triad.durable.DurableFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, append-only journal of one site: every accepted event is written here, fsynced by group commit,
 * and only then acknowledged. The indexer and replication tail it through {@link JournalReader}s.
 *
 * <p>Layout: segment files {@code <20-digit first position>.seg} in {@link JournalConfig#directory()}, each a run of
 * records {@code [int length][int CRC32C of payload][payload]} whose payload is an event in the {@link
 * EventSerializer} format; a {@code sequence} file holding, per origin site, the highest origin sequence written
 * before the newest segment began; and an {@code id} file naming this journal (a random UUID made when the journal
 * was created), so a reader on the peer site can tell a replaced journal from the one it followed. Positions start at
 * 1 and grow by one per record across restarts and retention.
 *
 * <p>Identity and idempotence: an event without an id gets this site's next origin sequence; an event replicated
 * from another site keeps its id, and is skipped (counted in {@code triad.journal.duplicates}) when the journal
 * already holds that origin's events up to its sequence. The peer's events arrive in their origin order (see {@code
 * io.triad.collector.replication}), so the highest sequence per origin is the whole state idempotence needs; it
 * survives restarts through the {@code sequence} file and the recovery of the newest segment.
 *
 * <p>Group commit: {@link #submit} serializes the events under a short lock into an in-memory batch and returns a
 * future; one commit thread writes the batch, fsyncs it ({@link FileChannel#force(boolean) force(false)}) at most
 * {@link JournalConfig#commitInterval()} after the first pending record, or as soon as 1 MiB is pending, and then
 * completes every future the fsync covers. Futures therefore complete on the commit thread: callers must not block in
 * their callbacks.
 *
 * <p>NOTE: thread safe; every input appends concurrently. {@link #close()} flushes and fsyncs what was appended
 * and fails appends that come after it. A fatal storage error closes the journal and fails every pending and
 * later append; it is never ignored (see {@link #failure()}).
 */
public final class Journal implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** Pending bytes at which the commit thread does not wait for the rest of the commit window. */
    static final int FLUSH_BYTES = 1 << 20;

    private static final int INITIAL_CHUNK_BYTES = 64 * 1024;
    private static final int MAX_KEPT_CHUNK_BYTES = 4 << 20;
    private static final String SEQUENCE_FILE = "sequence";
    private static final String ID_FILE = "id";
    private static final long RETENTION_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JournalConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Path directory;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Map<String, NamedConsumer> consumers = new ConcurrentHashMap<>();
    private final RecoveryReport recovery;

    // Append state, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final EventSerializer staging = new EventSerializer(64 * 1024);
    private int[] recordEnds = new int[64];
    private long[] seqAfter = new long[64];
    private Segment active;
    private long localSeq;
    /** The highest origin sequence held of every other site's events. */
    private final Map<String, Long> originSeqs = new HashMap<>();
    /** The origins' highest sequences within the append in progress, merged into originSeqs when it succeeds. */
    private final Map<String, Long> batchOrigins = new HashMap<>();

    private EventId[] keptIds = new EventId[64];
    private int[] keptIndex = new int[64];
    private final String journalId;
    private List<Chunk> chunks = new ArrayList<>();
    private @Nullable Chunk current;
    private List<Pending> futures = new ArrayList<>();
    private final List<Chunk> spareChunks = new ArrayList<>();
    private long pendingBytes;
    private long firstPendingNanos;
    private boolean closing;

    private volatile long lastPosition;
    private volatile long durablePosition;
    private volatile @Nullable IOException failure;
    // the write error a commit is waiting out (a full disk), null while commits succeed
    private volatile @Nullable IOException stalled;
    private volatile boolean closed;

    // Readers wait here for the durable position to pass theirs.
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition advanced = signalLock.newCondition();

    private final ReentrantLock retentionLock = new ReentrantLock();

    private final Counter appendedCounter;
    private final Counter bytesCounter;
    private final Counter corruptCounter;
    private final Counter duplicateCounter;
    private final Counter stallCounter;
    private final Timer fsyncTimer;
    private final List<Meter> meters = new ArrayList<>();

    private final Thread committer;

    private Journal(JournalConfig config, Clock clock, MeterRegistry registry) throws IOException {
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.directory = config.directory();
        Files.createDirectories(directory);
        Recovered r = recover();
        this.active = r.active;
        this.localSeq = r.localSeq;
        this.originSeqs.putAll(r.originSeqs);
        this.journalId = readOrCreateId();
        this.recovery = r.report;
        this.lastPosition = r.report.lastPosition();
        this.durablePosition = lastPosition;

        appendedCounter = register(Counter.builder("triad.journal.appended")
                .description("Records appended to the journal (counted when submitted)")
                .baseUnit("records")
                .register(registry));
        bytesCounter = register(Counter.builder("triad.journal.bytes")
                .description("Bytes of records appended to the journal, headers included")
                .baseUnit("bytes")
                .register(registry));
        duplicateCounter = register(Counter.builder("triad.journal.duplicates")
                .description("Replicated events skipped because the journal already held them")
                .baseUnit("records")
                .register(registry));
        corruptCounter = register(Counter.builder("triad.journal.corrupt")
                .description("Corrupt journal records found by recovery and readers, skipped")
                .baseUnit("records")
                .register(registry));
        stallCounter = register(Counter.builder("triad.journal.stalls")
                .description("Times a commit failed to write (a full disk) and the journal stopped accepting to retry")
                .register(registry));
        register(Gauge.builder("triad.journal.stalled", this, j -> j.stalled == null ? 0 : 1)
                .description("Whether a commit waits for the disk to take its write again (1) or not (0)")
                .register(registry));
        fsyncTimer = register(Timer.builder("triad.journal.fsync")
                .description("Duration of one group commit of the journal: write and fsync")
                .register(registry));
        register(Gauge.builder("triad.journal.size", this, Journal::sizeBytes)
                .description("Total bytes of the journal's segment files")
                .baseUnit("bytes")
                .register(registry));
        register(Gauge.builder("triad.journal.backlog", this, Journal::backlog)
                .description("Records appended but not yet committed by the slowest journal consumer")
                .baseUnit("records")
                .register(registry));
        corruptCounter.increment(recovery.corruptRecords());

        committer = new Thread(this::commitLoop, "triad-journal-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Opens (recovering) or creates the journal in {@code config.directory()}. Recovery truncates a torn tail and
     * counts corrupt records instead of failing.
     */
    public static Journal open(JournalConfig config, Clock clock, MeterRegistry registry) throws IOException {
        return new Journal(config, clock, registry);
    }

    /**
     * Appends events and completes once they are fsynced. Events whose id is {@link
     * io.triad.collector.model.EventId#NONE} get the next sequence of this site; events with an id (replicated from
     * the peer) keep it, and those the journal already holds are skipped.
     *
     * <p>The future fails with {@link IllegalArgumentException} when an event serializes to more than {@link
     * JournalConfig#maxRecordBytes()} (then none of the call's events is written), and with {@link IOException} when
     * the journal is closed or failed, or the fsync failed.
     */
    @Override
    public CompletableFuture<Void> submit(List<LogEvent> events) {
        return append(events).thenApply(seq -> null);
    }

    /**
     * Appends events as {@link #submit} does and completes, once they are fsynced, with the highest origin sequence
     * of this site's own events after the append: the sequence the last new local event got, or the one before the
     * append when it held none. Replication's {@code both} acknowledgement waits for the peer to hold that sequence.
     */
    public CompletableFuture<Long> append(List<LogEvent> events) {
        int n = events.size();
        int bytes;
        long seqAfterAll;
        int written;
        int duplicates = 0;
        CompletableFuture<Long> f = new CompletableFuture<>();
        lock.lock();
        try {
            IOException failed = failure;
            if (failed != null) {
                return CompletableFuture.failedFuture(new IOException(
                        "journal " + directory + " failed and takes no more events: " + failed.getMessage(), failed));
            }
            if (closing) {
                return CompletableFuture.failedFuture(
                        new IOException("journal " + directory + " is closed and takes no more events"));
            }
            if (n == 0) {
                return CompletableFuture.completedFuture(localSeq);
            }
            String site = config.site();
            staging.clear();
            batchOrigins.clear();
            if (recordEnds.length < n + 1) {
                recordEnds = new int[Math.max(n + 1, recordEnds.length * 2)];
                seqAfter = new long[recordEnds.length];
                keptIds = new EventId[recordEnds.length];
                keptIndex = new int[recordEnds.length];
            }
            long seq = localSeq;
            int kept = 0;
            for (int i = 0; i < n; i++) {
                LogEvent e = events.get(i);
                EventId id = e.id();
                if (!id.assigned()) {
                    id = new EventId(site, ++seq);
                } else if (id.originSite().equals(site)) {
                    if (id.originSeq() > seq) {
                        seq = id.originSeq();
                    }
                } else {
                    String origin = id.originSite();
                    Long inBatch = batchOrigins.get(origin);
                    long held = inBatch != null ? inBatch : originSeqs.getOrDefault(origin, 0L);
                    if (id.originSeq() <= held) {
                        duplicates++;
                        continue;
                    }
                    batchOrigins.put(origin, id.originSeq());
                }
                int header = staging.skip(Segment.HEADER);
                int len = staging.append(e, id);
                if (len > config.maxRecordBytes()) {
                    staging.clear();
                    batchOrigins.clear();
                    return CompletableFuture.failedFuture(new IllegalArgumentException("event " + i + " of " + n
                            + " serializes to " + len + " bytes, more than the journal's maxRecordBytes ("
                            + config.maxRecordBytes() + "); none of the " + n + " events was written"));
                }
                staging.putInt(header, len);
                staging.putInt(header + 4, Segment.crc(staging.array(), header + Segment.HEADER, len));
                recordEnds[kept + 1] = staging.size();
                seqAfter[kept] = seq;
                keptIds[kept] = id;
                keptIndex[kept] = i;
                kept++;
            }
            seqAfterAll = seq;
            if (kept == 0) {
                localSeq = seq;
                duplicateCounter.increment(duplicates);
                return CompletableFuture.completedFuture(seq);
            }
            byte[] a = staging.array();
            Segment s = active;
            long segmentSize = s.sizeBytes;
            long segmentLast = s.lastPosition;
            long newest = s.newestMicros;
            for (int i = 0; i < kept; i++) {
                int start = recordEnds[i];
                int len = recordEnds[i + 1] - start;
                if (segmentSize + len > config.segmentBytes() && segmentLast >= s.firstPosition) {
                    s.sizeBytes = segmentSize;
                    s.lastPosition = segmentLast;
                    s.newestMicros = newest;
                    roll(seqsBefore(i, site));
                    s = active;
                    segmentSize = s.sizeBytes;
                    segmentLast = s.lastPosition;
                }
                currentChunk().append(a, start, len);
                segmentSize += len;
                segmentLast++;
                newest = events.get(keptIndex[i]).received();
            }
            s.sizeBytes = segmentSize;
            s.lastPosition = segmentLast;
            s.newestMicros = newest;
            localSeq = seq;
            originSeqs.putAll(batchOrigins);
            lastPosition += kept;
            bytes = staging.size();
            boolean wasIdle = pendingBytes == 0;
            pendingBytes += bytes;
            futures.add(new Pending(f, seqAfterAll));
            if (wasIdle) {
                firstPendingNanos = System.nanoTime();
                work.signal();
            } else if (pendingBytes >= FLUSH_BYTES && pendingBytes - bytes < FLUSH_BYTES) {
                work.signal();
            }
            written = kept;
        } finally {
            lock.unlock();
        }
        appendedCounter.increment(written);
        if (duplicates > 0) {
            duplicateCounter.increment(duplicates);
        }
        bytesCounter.increment(bytes);
        return f;
    }

    /**
     * The highest origin sequence this journal holds of {@code originSite}'s events (appended, durable or about to
     * be): this site's own last sequence, or the last event replicated from another site; 0 when it holds none.
     */
    public long maxSeq(String originSite) {
        lock.lock();
        try {
            return originSite.equals(config.site()) ? localSeq : originSeqs.getOrDefault(originSite, 0L);
        } finally {
            lock.unlock();
        }
    }

    /** The random id this journal got when it was created; a replaced journal has another. */
    public String id() {
        return journalId;
    }

    /** The site whose events this journal numbers. */
    public String site() {
        return config.site();
    }

    /**
     * Whether the journal takes more now: false when closed or failed, or when the slowest consumer is more than
     * {@link JournalConfig#maxBacklogRecords()} records behind. Always true (unless closed or failed) with no
     * consumer registered.
     */
    @Override
    public boolean accepting() {
        if (closed || failure != null || stalled != null) {
            return false;
        }
        return backlog() <= config.maxBacklogRecords();
    }

    /** The position of the last appended record (durable or not), 0 when empty. */
    public long lastPosition() {
        return lastPosition;
    }

    /** The position up to which records are fsynced. */
    public long durablePosition() {
        return durablePosition;
    }

    /** The lowest position still on disk (1 until retention deleted a segment). */
    public long firstPosition() {
        return segments.firstKey();
    }

    /** Opens a reader whose first record is at {@code fromPosition} (or the first on disk, if later). */
    public JournalReader reader(long fromPosition) throws IOException {
        if (closed) {
            throw new IOException("journal " + directory + " is closed");
        }
        return new TailReader(this, Math.max(fromPosition, firstPosition()));
    }

    /**
     * Registers (or returns) the consumer of that name, starting at {@code committedPosition}; an existing consumer
     * keeps its own committed position.
     *
     * @throws IllegalArgumentException when {@code committedPosition} is not within 0..{@link #lastPosition()}
     */
    public JournalConsumer consumer(String name, long committedPosition) {
        return consumers.computeIfAbsent(name, k -> new NamedConsumer(k, committedPosition, this::lastPosition));
    }

    /** What recovery found when this journal was opened. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Total bytes of the segment files (including records appended but not yet written). */
    public long sizeBytes() {
        long total = 0;
        for (Segment s : segments.values()) {
            total += s.sizeBytes;
        }
        return total;
    }

    /** The storage error that failed this journal, or null while it works. */
    public @Nullable IOException failure() {
        return failure;
    }

    /**
     * The write error the journal is waiting out, or null: a commit that cannot write for want of space (ENOSPC,
     * EDQUOT; any other write error fails the journal, see {@link #failure()}) is undone and
     * retried every {@value #STALL_RETRY_MILLIS} ms with the same records until it succeeds; meanwhile the journal does
     * not accept, the appends of that commit stay pending, and nothing durable is touched.
     */
    public @Nullable IOException stalled() {
        return stalled;
    }

    /**
     * Deletes whole old segments, oldest first, while the total size exceeds {@link JournalConfig#retentionBytes()}
     * or the segment's newest record (its receive time) is older than {@link JournalConfig#retentionAge()} by the
     * journal's clock. Never deletes the segment being written, a segment with records not yet durable, or one with
     * a record after the lowest committed position of the consumers; with no consumer registered nothing is deleted.
     * The commit thread runs this after every segment roll and about once a second.
     *
     * @return how many segments were deleted
     * @throws IOException when a segment cannot be deleted (the journal is not failed by it)
     */
    public int enforceRetention() throws IOException {
        retentionLock.lock();
        try {
            if (consumers.isEmpty()) {
                return 0;
            }
            long bound = Math.min(minCommitted(), durablePosition);
            long total = sizeBytes();
            long cutoffMicros = cutoffMicros();
            int deleted = 0;
            for (Segment s : segments.values()) {
                if (!isSealed(s) || s.lastPosition > bound) {
                    break;
                }
                boolean tooBig = total > config.retentionBytes();
                boolean tooOld = newestMicros(s) < cutoffMicros;
                if (!tooBig && !tooOld) {
                    break;
                }
                segments.remove(s.firstPosition);
                Files.deleteIfExists(s.path);
                total -= s.sizeBytes;
                deleted++;
                LOG.info(
                        "journal retention deleted {} (positions {}..{}, {} bytes, {})",
                        s.path.getFileName(),
                        s.firstPosition,
                        s.lastPosition,
                        s.sizeBytes,
                        tooBig ? "size above " + config.retentionBytes() : "older than " + config.retentionAge());
            }
            return deleted;
        } finally {
            retentionLock.unlock();
        }
    }

    /**
     * Flushes and fsyncs every appended record, stops the commit thread and fails later appends.
     *
     * @throws IOException when the last commit failed (the journal is then failed, see {@link #failure()})
     */
    @Override
    public void close() throws IOException {
        if (Thread.currentThread() == committer) {
            throw new IllegalStateException("close() must not be called from a callback of a journal append future");
        }
        lock.lock();
        try {
            closing = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (committer.isAlive()) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closed) {
            return;
        }
        closed = true;
        for (Segment s : segments.values()) {
            FileChannel ch = s.channel;
            s.channel = null;
            if (ch != null) {
                ch.close();
            }
        }
        for (Meter m : meters) {
            registry.remove(m);
        }
        signalReaders();
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("journal " + directory + " failed: " + failed.getMessage(), failed);
        }
    }

    /**
     * What recovery found.
     *
     * @param truncatedBytes bytes cut from a torn tail
     * @param corruptRecords records skipped because their CRC or length was wrong
     * @param lastPosition the last valid position after recovery
     */
    public record RecoveryReport(long truncatedBytes, long corruptRecords, long lastPosition) {}

    // ---- used by readers

    /** The segment whose positions include {@code position}, or null. */
    @Nullable
    Segment segmentHolding(long position) {
        Map.Entry<Long, Segment> e = segments.floorEntry(position);
        return e == null ? null : e.getValue();
    }

    /** Whether a later segment exists, so {@code s} will not grow any more. */
    boolean isSealed(Segment s) {
        return segments.higherKey(s.firstPosition) != null;
    }

    void countCorrupt(long n) {
        corruptCounter.increment(n);
    }

    /**
     * Waits until {@code position} is durable, at most {@code nanos}.
     *
     * @return false when the journal closed or failed while the position is not durable, so waiting is pointless
     */
    boolean awaitDurable(long position, long nanos) throws InterruptedException {
        signalLock.lock();
        try {
            long left = nanos;
            while (durablePosition < position) {
                if (closed || closing || failure != null) {
                    return false;
                }
                if (left <= 0) {
                    return true;
                }
                left = advanced.awaitNanos(left);
            }
            return true;
        } finally {
            signalLock.unlock();
        }
    }

    // ---- append internals (lock held)

    private Chunk currentChunk() {
        Chunk c = current;
        if (c == null || c.segment != active) {
            c = spareChunks.isEmpty() ? new Chunk(active) : spareChunks.remove(spareChunks.size() - 1);
            c.reset(active);
            chunks.add(c);
            current = c;
        }
        return c;
    }

    /**
     * The highest sequence per origin before kept record {@code i} of the append in progress: what the sequence file
     * of a segment starting at that record holds.
     */
    private Map<String, Long> seqsBefore(int i, String site) {
        Map<String, Long> m = new HashMap<>(originSeqs);
        for (int j = 0; j < i; j++) {
            EventId id = keptIds[j];
            if (!id.originSite().equals(site)) {
                m.merge(id.originSite(), id.originSeq(), Math::max);
            }
        }
        m.put(site, i == 0 ? localSeq : seqAfter[i - 1]);
        return m;
    }

    /** Starts a new segment after the active one; its file is created by the commit thread. */
    private void roll(Map<String, Long> seqBefore) {
        Chunk last = currentChunk();
        last.seal = true;
        Segment next = new Segment(active.lastPosition + 1, directory);
        segments.put(next.firstPosition, next);
        active = next;
        Chunk c = currentChunk();
        c.create = true;
        c.seqBefore = seqBefore;
    }

    // ---- commit thread

    private void commitLoop() {
        long lastRetention = System.nanoTime();
        List<Chunk> batch = new ArrayList<>();
        List<Pending> done = new ArrayList<>();
        while (true) {
            long target;
            boolean runRetention;
            lock.lock();
            try {
                for (Chunk c : batch) {
                    c.shrink();
                    spareChunks.add(c);
                }
                batch.clear();
                done.clear();
                while (true) {
                    if (failure != null) {
                        return;
                    }
                    if (!chunks.isEmpty()) {
                        long wait = firstPendingNanos + config.commitInterval().toNanos() - System.nanoTime();
                        if (closing || pendingBytes >= FLUSH_BYTES || wait <= 0) {
                            break;
                        }
                        work.awaitNanos(wait);
                    } else if (closing) {
                        return;
                    } else if (System.nanoTime() - lastRetention >= RETENTION_PERIOD_NANOS) {
                        break;
                    } else {
                        work.awaitNanos(RETENTION_PERIOD_NANOS);
                    }
                }
                List<Chunk> swap = chunks;
                chunks = batch;
                batch = swap;
                List<Pending> swapFutures = futures;
                futures = done;
                done = swapFutures;
                current = null;
                target = lastPosition;
                pendingBytes = 0;
            } catch (InterruptedException e) {
                fail(new IOException("journal commit thread interrupted", e), List.of());
                return;
            } finally {
                lock.unlock();
            }
            boolean rolled = false;
            try {
                if (!batch.isEmpty()) {
                    rolled = commitRetrying(batch);
                }
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException ioe ? ioe : new IOException("journal commit failed", e);
                fail(io, done);
                return;
            }
            if (target > durablePosition) {
                durablePosition = target;
            }
            for (Pending p : done) {
                p.future.complete(p.seq);
            }
            signalReaders();
            runRetention = rolled || System.nanoTime() - lastRetention >= RETENTION_PERIOD_NANOS;
            if (runRetention) {
                lastRetention = System.nanoTime();
                try {
                    enforceRetention();
                } catch (IOException e) {
                    LOG.error("journal retention in {} could not delete a segment; will retry", directory, e);
                }
            }
        }
    }

    /**
     * {@link #commit} until it succeeds: after a write error the batch's partial writes are undone (the segments
     * truncated to where they were, a segment the batch created removed) and the whole batch is written again from
     * memory, so a failed fsync never leaves unknown bytes behind. Gives up (throws) only when the journal closes.
     */
    private boolean commitRetrying(List<Chunk> batch) throws IOException {
        Map<Segment, Long> before = new java.util.IdentityHashMap<>();
        for (Chunk c : batch) {
            before.putIfAbsent(c.segment, c.create ? 0L : c.segment.writtenBytes);
        }
        while (true) {
            try {
                boolean rolled = commit(batch);
                IOException was = stalled;
                if (was != null) {
                    stalled = null;
                    LOG.warn("journal {} writes again after: {}", directory, was.getMessage());
                }
                return rolled;
            } catch (IOException e) {
                if (!outOfSpace(e)) {
                    throw e; // a missing directory, a failing device: the journal fails
                }
                if (stalled == null) {
                    stallCounter.increment();
                    LOG.error(
                            "journal {} cannot write ({}); not accepting, retrying the commit of positions up to {}"
                                    + " every {} ms",
                            directory,
                            e.getMessage(),
                            lastPosition,
                            STALL_RETRY_MILLIS);
                }
                stalled = e;
                undo(batch, before);
                for (int waited = 0; waited < STALL_RETRY_MILLIS; waited += 50) {
                    if (isClosing()) {
                        throw e;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /** Whether a write failed for want of space (ENOSPC, EDQUOT): the one failure that is waited out. */
    static boolean outOfSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** How often a stalled commit is tried again. */
    static final int STALL_RETRY_MILLIS = 1000;

    private boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /** Puts the segments of a failed commit back as they were before it. */
    private void undo(List<Chunk> batch, Map<Segment, Long> before) {
        for (Map.Entry<Segment, Long> e : before.entrySet()) {
            Segment s = e.getKey();
            boolean createdHere = false;
            for (Chunk c : batch) {
                createdHere |= c.segment == s && c.create;
            }
            try {
                FileChannel ch = s.channel;
                if (createdHere) {
                    if (ch != null) {
                        ch.close();
                        s.channel = null;
                    }
                    Files.deleteIfExists(s.path);
                } else {
                    if (ch == null) {
                        ch = FileChannel.open(s.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
                        s.channel = ch;
                    }
                    ch.truncate(e.getValue());
                }
            } catch (IOException x) {
                LOG.warn(
                        "journal {}: undoing a failed commit of {} failed; the retry overwrites it: {}",
                        directory,
                        s,
                        x);
            }
            s.writtenBytes = e.getValue();
        }
    }

    /** Writes and fsyncs one batch, in order; returns whether a segment was rolled. */
    private boolean commit(List<Chunk> batch) throws IOException {
        long start = System.nanoTime();
        boolean created = false;
        Segment last = batch.get(batch.size() - 1).segment;
        for (Chunk c : batch) {
            Segment s = c.segment;
            if (c.create) {
                writeSequence(c.seqBefore);
                s.channel = FileChannel.open(
                        s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
                created = true;
            }
            FileChannel ch = s.channel;
            if (ch == null) {
                throw new IOException("journal segment " + s + " is not open for writing");
            }
            ByteBuffer b = ByteBuffer.wrap(c.data, 0, c.length);
            while (b.hasRemaining()) {
                s.writtenBytes += ch.write(b, s.writtenBytes);
            }
            if (c.seal) {
                ch.force(false);
                ch.close();
                s.channel = null;
            }
        }
        FileChannel ch = last.channel;
        if (ch != null) {
            ch.force(false);
        }
        if (created) {
            forceDirectory();
        }
        fsyncTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return created;
    }

    private void fail(IOException e, List<Pending> inFlight) {
        List<Pending> toFail = new ArrayList<>(inFlight);
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            toFail.addAll(futures);
            futures = new ArrayList<>();
            chunks = new ArrayList<>();
            current = null;
            pendingBytes = 0;
        } finally {
            lock.unlock();
        }
        LOG.error(
                "journal {} failed at position {}; {} pending appends failed and later ones are refused",
                directory,
                durablePosition,
                toFail.size(),
                e);
        for (Pending p : toFail) {
            p.future.completeExceptionally(e);
        }
        signalReaders();
    }

    private void signalReaders() {
        signalLock.lock();
        try {
            advanced.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    private void writeSequence(Map<String, Long> seqs) throws IOException {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(seqs)
                .forEach(
                        (site, seq) -> text.append(site).append(' ').append(seq).append('\n'));
        DurableFiles.writeString(directory.resolve(SEQUENCE_FILE), text.toString());
    }

    /**
     * The sequence file: a line {@code site seq} per origin; a file of one bare number (written before replication
     * existed) holds this site's own sequence.
     */
    private Map<String, Long> readSequence() throws IOException {
        Path p = directory.resolve(SEQUENCE_FILE);
        if (!Files.exists(p)) {
            return Map.of();
        }
        String text = Files.readString(p, StandardCharsets.UTF_8).trim();
        Map<String, Long> seqs = new HashMap<>();
        try {
            if (text.isEmpty()) {
                return seqs;
            }
            if (text.indexOf(' ') < 0 && text.indexOf('\n') < 0) {
                seqs.put(config.site(), Long.parseLong(text));
                return seqs;
            }
            for (String line : text.split("\n", -1)) {
                String[] parts = line.trim().split(" ", -1);
                if (parts.length != 2) {
                    throw new NumberFormatException("expected 'site sequence'; got: '" + line + "'");
                }
                seqs.put(parts[0], Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException e) {
            throw new IOException(
                    "journal sequence file " + p + " must hold lines of 'site sequence'; got: '" + text + "' ("
                            + e.getMessage() + ")",
                    e);
        }
        return seqs;
    }

    /** The journal's id, made once when the journal is created (and for a journal from before ids existed). */
    private String readOrCreateId() throws IOException {
        Path p = directory.resolve(ID_FILE);
        if (Files.exists(p)) {
            String id = Files.readString(p, StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = java.util.UUID.randomUUID().toString();
        DurableFiles.write(p, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    // ---- recovery

    private record Recovered(Segment active, long localSeq, Map<String, Long> originSeqs, RecoveryReport report) {}

    private Recovered recover() throws IOException {
        long[] firsts;
        try (Stream<Path> files = Files.list(directory)) {
            firsts = files.map(p -> p.getFileName().toString())
                    .filter(Segment::isSegmentName)
                    .mapToLong(Segment::firstPositionOf)
                    .sorted()
                    .toArray();
        }
        Map<String, Long> seqs = new HashMap<>(readSequence());
        if (firsts.length == 0) {
            Segment s = new Segment(1, directory);
            s.channel = FileChannel.open(
                    s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
            forceDirectory();
            segments.put(s.firstPosition, s);
            long seq = seqs.getOrDefault(config.site(), 0L);
            seqs.remove(config.site());
            return new Recovered(s, seq, seqs, new RecoveryReport(0, 0, 0));
        }
        for (int i = 0; i < firsts.length - 1; i++) {
            Segment s = new Segment(firsts[i], directory);
            s.lastPosition = firsts[i + 1] - 1;
            s.sizeBytes = Files.size(s.path);
            segments.put(s.firstPosition, s);
        }
        Segment last = new Segment(firsts[firsts.length - 1], directory);
        FileChannel ch = FileChannel.open(last.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
        SegmentRecovery.Result r;
        try {
            r = new SegmentRecovery().recover(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        last.channel = ch;
        last.lastPosition = last.firstPosition + r.records() - 1;
        last.sizeBytes = r.endOffset();
        last.writtenBytes = r.endOffset();
        last.newestMicros = r.lastReceivedMicros();
        segments.put(last.firstPosition, last);
        if (r.truncatedBytes() > 0 || r.corruptRecords() > 0) {
            LOG.warn(
                    "journal recovery of {}: {} bytes of torn tail truncated, {} corrupt records skipped",
                    last.path,
                    r.truncatedBytes(),
                    r.corruptRecords());
        }
        r.maxSeqs().forEach((site, max) -> seqs.merge(site, max, Math::max));
        long seq = seqs.getOrDefault(config.site(), 0L);
        seqs.remove(config.site());
        return new Recovered(
                last, seq, seqs, new RecoveryReport(r.truncatedBytes(), r.corruptRecords(), last.lastPosition));
    }

    // ---- helpers

    private long minCommitted() {
        long min = Long.MAX_VALUE;
        for (NamedConsumer c : consumers.values()) {
            min = Math.min(min, c.committedPosition());
        }
        return min;
    }

    private long backlog() {
        if (consumers.isEmpty()) {
            return 0;
        }
        return Math.max(0, lastPosition - minCommitted());
    }

    /**
     * The receive time of a segment's last record, read from the file the first time it is needed (one sequential
     * pass with a small buffer). When the last record is unreadable, the file's modification time stands in.
     */
    private long newestMicros(Segment s) throws IOException {
        long t = s.newestMicros;
        if (t != Segment.UNKNOWN_TIME) {
            return t;
        }
        byte[] payload = new byte[4096];
        int lastLen = -1;
        int lastCrc = 0;
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(s.path), 64 * 1024))) {
            while (true) {
                int len = in.readInt();
                int crc = in.readInt();
                if (len < 1 || len > config.segmentBytes()) {
                    break;
                }
                if (payload.length < len) {
                    payload = new byte[Math.max(len, payload.length * 2)];
                }
                in.readFully(payload, 0, len);
                lastLen = len;
                lastCrc = crc;
            }
        } catch (EOFException e) {
            // the end of the segment: the last complete record is in payload
        }
        t = Segment.UNKNOWN_TIME;
        if (lastLen > 0 && Segment.crc(payload, 0, lastLen) == lastCrc) {
            try {
                t = EventSerializer.readReceived(payload, 0, lastLen);
            } catch (CorruptRecordException e) {
                t = Segment.UNKNOWN_TIME;
            }
        }
        if (t == Segment.UNKNOWN_TIME) {
            t = TimeUnit.MILLISECONDS.toMicros(Files.getLastModifiedTime(s.path).toMillis());
        }
        s.newestMicros = t;
        return t;
    }

    /** Records received before this time (µs since the epoch) are past the retention age. */
    private long cutoffMicros() {
        Instant now = clock.instant();
        try {
            long nowMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
            Duration age = config.retentionAge();
            long ageMicros = Math.addExact(Math.multiplyExact(age.getSeconds(), 1_000_000L), age.getNano() / 1_000);
            return Math.subtractExact(nowMicros, ageMicros);
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE; // an age beyond the range of µs times: nothing is that old
        }
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    /** An append waiting for its fsync, and the local sequence it completes with. */
    private record Pending(CompletableFuture<Long> future, long seq) {}

    /** Records appended to one segment since the last commit; reused across commits. */
    private static final class Chunk {
        Segment segment;
        byte[] data = new byte[INITIAL_CHUNK_BYTES];
        int length;
        /** The segment's file must be created before writing (after the previous segment is sealed). */
        boolean create;
        /** The highest origin sequence per site before this segment, written to the sequence file on create. */
        Map<String, Long> seqBefore = Map.of();
        /** The segment is complete after this chunk: fsync and close it. */
        boolean seal;

        Chunk(Segment segment) {
            this.segment = segment;
        }

        void reset(Segment s) {
            segment = s;
            length = 0;
            create = false;
            seal = false;
            seqBefore = Map.of();
        }

        /** Gives back a buffer that a burst made large, so an idle journal does not hold it. */
        void shrink() {
            if (data.length > MAX_KEPT_CHUNK_BYTES) {
                data = new byte[INITIAL_CHUNK_BYTES];
            }
        }

        void append(byte[] a, int off, int len) {
            if (length + len > data.length) {
                data = Arrays.copyOf(data, Math.max(length + len, data.length * 2));
            }
            System.arraycopy(a, off, data, length, len);
            length += len;
        }
    }
}
