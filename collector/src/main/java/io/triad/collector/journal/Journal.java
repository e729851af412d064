package io.triad.collector.journal;

import io.micrometer.core.instrument.MeterRegistry;
import io.triad.collector.input.EventSink;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, append-only journal of one site: every accepted event is written here, fsynced by group commit,
 * and only then acknowledged. The indexer and replication tail it through {@link JournalReader}s.
 *
 * <p>NOTE: thread safe; every input appends concurrently. {@link #close()} flushes and fsyncs what was appended
 * and fails appends that come after it. A fatal storage error closes the journal and fails every pending and
 * later append; it is never ignored.
 */
public final class Journal implements EventSink, AutoCloseable {

    private Journal() {}

    /**
     * Opens (recovering) or creates the journal in {@code config.directory()}. Recovery truncates a torn tail and
     * counts corrupt records instead of failing.
     */
    public static Journal open(JournalConfig config, Clock clock, MeterRegistry registry) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Appends events and completes once they are fsynced. Events whose id is {@link
     * io.triad.collector.model.EventId#NONE} get the next sequence of this site; events with an id (replicated from
     * the peer) keep it.
     */
    @Override
    public CompletableFuture<Void> submit(List<LogEvent> events) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean accepting() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The position of the last appended record (durable or not), 0 when empty. */
    public long lastPosition() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The position up to which records are fsynced. */
    public long durablePosition() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The lowest position still on disk (1 until retention deleted a segment). */
    public long firstPosition() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Opens a reader whose first record is at {@code fromPosition} (or the first on disk, if later). */
    public JournalReader reader(long fromPosition) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Registers (or returns) the consumer of that name, starting at {@code committedPosition}. */
    public JournalConsumer consumer(String name, long committedPosition) {
        throw new UnsupportedOperationException("not yet");
    }

    /** What recovery found when this journal was opened. */
    public RecoveryReport recovery() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Total bytes of the segment files. */
    public long sizeBytes() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * What recovery found.
     *
     * @param truncatedBytes bytes cut from a torn tail
     * @param corruptRecords records skipped because their CRC or length was wrong
     * @param lastPosition the last valid position after recovery
     */
    public record RecoveryReport(long truncatedBytes, long corruptRecords, long lastPosition) {}
}
