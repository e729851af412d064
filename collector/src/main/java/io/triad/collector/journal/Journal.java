package io.triad.collector.journal;

import io.micrometer.core.instrument.MeterRegistry;
import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

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
 * <p>Parts: {@link GroupCommitter} (appends and the commit thread, writing through {@link ChunkWriter}), {@link
 * OriginSequences} (with the sequence file), {@link Segments}, {@link Retention}, {@link JournalRecovery}, {@link
 * CommitProgress} (positions and failure, where readers wait) and {@link JournalMeters}; this class joins them.
 *
 * <p>NOTE: thread safe; every input appends concurrently. {@link #close()} flushes and fsyncs what was appended
 * and fails appends that come after it. A fatal storage error closes the journal and fails every pending and
 * later append; it is never ignored (see {@link #failure()}).
 */
public final class Journal implements EventSink, AutoCloseable {

    /** How often a stalled commit is tried again. */
    static final int STALL_RETRY_MILLIS = 1000;

    private static final String ID_FILE = "id";

    private final JournalConfig config;
    private final Path directory;
    private final Segments segments;
    private final Consumers consumers = new Consumers();
    private final RecoveryReport recovery;
    private final String journalId;
    private final CommitProgress progress;
    private final JournalMeters meters;
    private final Retention retention;
    private final GroupCommitter committer;
    private volatile boolean closed;

    private Journal(JournalConfig config, Clock clock, MeterRegistry registry) throws IOException {
        this.config = config;
        this.directory = config.directory();
        Files.createDirectories(directory);
        this.segments = new Segments(directory);
        JournalRecovery.Recovered r = JournalRecovery.recover(directory, config.site(), segments);
        this.journalId = readOrCreateId();
        this.recovery = r.report();
        this.progress = new CommitProgress(recovery.lastPosition());
        this.meters = new JournalMeters(registry, this);
        meters.corrupt.increment(recovery.corruptRecords());
        this.retention = new Retention(config, clock, segments, consumers, progress);
        this.committer = new GroupCommitter(config, r, segments, progress, meters, retention);
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
        return committer.append(events);
    }

    /**
     * The highest origin sequence this journal holds of {@code originSite}'s events (appended, durable or about to
     * be): this site's own last sequence, or the last event replicated from another site; 0 when it holds none.
     */
    public long maxSeq(String originSite) {
        return committer.maxSeq(originSite);
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
        if (closed || progress.failure() != null || progress.stalled() != null) {
            return false;
        }
        return backlog() <= config.maxBacklogRecords();
    }

    /** The position of the last appended record (durable or not), 0 when empty. */
    public long lastPosition() {
        return progress.lastPosition();
    }

    /** The position up to which records are fsynced. */
    public long durablePosition() {
        return progress.durablePosition();
    }

    /** The lowest position still on disk (1 until retention deleted a segment). */
    public long firstPosition() {
        return segments.firstPosition();
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
        return consumers.register(name, committedPosition, this::lastPosition);
    }

    /** What recovery found when this journal was opened. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Total bytes of the segment files (including records appended but not yet written). */
    public long sizeBytes() {
        return segments.sizeBytes();
    }

    /** The storage error that failed this journal, or null while it works. */
    public @Nullable IOException failure() {
        return progress.failure();
    }

    /**
     * The write error the journal is waiting out, or null: a commit that cannot write for want of space (ENOSPC,
     * EDQUOT; any other write error fails the journal, see {@link #failure()}) is undone and
     * retried every {@value #STALL_RETRY_MILLIS} ms with the same records until it succeeds; meanwhile the journal does
     * not accept, the appends of that commit stay pending, and nothing durable is touched.
     */
    public @Nullable IOException stalled() {
        return progress.stalled();
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
        return retention.enforce();
    }

    /**
     * Flushes and fsyncs every appended record, stops the commit thread and fails later appends.
     *
     * @throws IOException when the last commit failed (the journal is then failed, see {@link #failure()})
     */
    @Override
    public void close() throws IOException {
        committer.stop();
        if (closed) {
            return;
        }
        closed = true;
        segments.closeChannels();
        meters.remove();
        progress.signalReaders();
        IOException failed = progress.failure();
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

    // ---- used by readers and meters

    /** The segment whose positions include {@code position}, or null. */
    @Nullable
    Segment segmentHolding(long position) {
        return segments.holding(position);
    }

    /** Whether a later segment exists, so {@code s} will not grow any more. */
    boolean isSealed(Segment s) {
        return segments.isSealed(s);
    }

    void countCorrupt(long n) {
        meters.corrupt.increment(n);
    }

    /**
     * Waits until {@code position} is durable, at most {@code nanos}.
     *
     * @return false when the journal closed or failed while the position is not durable, so waiting is pointless
     */
    boolean awaitDurable(long position, long nanos) throws InterruptedException {
        return progress.awaitDurable(
                position, nanos, () -> closed || committer.closing() || progress.failure() != null);
    }

    /** Records appended but not yet committed by the slowest consumer; 0 with none registered. */
    long backlog() {
        return consumers.backlog(progress.lastPosition());
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
        String id = UUID.randomUUID().toString();
        DurableFiles.write(p, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }
}
