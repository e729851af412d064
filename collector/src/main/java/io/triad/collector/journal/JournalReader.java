package io.triad.collector.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Reads a journal's durable records in position order from a start position, following the tail as it grows.
 *
 * <p>NOTE: a reader is used by one thread at a time; open one per consumer. Close it to release its file
 * handles.
 */
public interface JournalReader extends AutoCloseable {

    /**
     * Returns up to {@code maxRecords} durable records after the last one returned, waiting up to {@code wait} for
     * the first one. Returns an empty list when none came in time. Corrupt records are skipped and counted.
     *
     * @throws IOException when the journal cannot be read
     * @throws InterruptedException when interrupted while waiting
     */
    List<JournalRecord> poll(int maxRecords, Duration wait) throws IOException, InterruptedException;

    /** The position of the next record {@link #poll} returns. */
    long nextPosition();

    @Override
    void close() throws IOException;
}
