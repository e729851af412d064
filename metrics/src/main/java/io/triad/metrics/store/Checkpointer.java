package io.triad.metrics.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's checkpoint: starts a new log segment, then writes in one H2 transaction the new series and the closed
 * chunks with their minute and hour rollups, and then deletes the log segments that no open head chunk has samples
 * in (after writing the log's series file, which stands in for their series records). Head chunks whose window has
 * ended are closed first; open ones stay in memory and in the log, so H2 only ever appends whole chunks.
 *
 * <p>NOTE: thread safe: checkpoints run one at a time under the write lock, which {@link Retention} shares (both
 * write through the database's one writer connection). A failure of the log or of H2 fails the store.
 */
final class Checkpointer {
    private final Path walDir;
    private final Clock clock;
    private final Head head;
    private final ChunkTable table;
    private final StoreState state;
    private final ReentrantLock writeLock;

    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong chunksWritten = new AtomicLong();
    private final AtomicLong chunkBytesWritten = new AtomicLong();
    private final AtomicLong chunkSamplesWritten = new AtomicLong();
    private final AtomicLong rollupBytesWritten = new AtomicLong();

    Checkpointer(Path walDir, Clock clock, Head head, ChunkTable table, StoreState state, ReentrantLock writeLock) {
        this.walDir = walDir;
        this.clock = clock;
        this.head = head;
        this.table = table;
        this.state = state;
        this.writeLock = writeLock;
    }

    /**
     * Writes a checkpoint.
     *
     * @throws IOException when the store has failed or is closed, or when H2 or the log fails (the store then fails)
     */
    void checkpoint() throws IOException {
        writeLock.lock();
        try {
            state.ensureOpen();
            checkpointLocked();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes the last checkpoint unless the store has failed, and marks the store closed (also when the checkpoint
     * fails), holding off other checkpoints and retention meanwhile.
     */
    void lastCheckpoint() throws IOException {
        writeLock.lock();
        try {
            if (!state.failed()) {
                checkpointLocked();
            }
        } finally {
            head.markClosed();
            writeLock.unlock();
        }
    }

    private void checkpointLocked() throws IOException {
        Head.Unsaved unsaved = head.unsaved(clock.millis());
        try {
            unsaved.rotation().finish();
        } catch (IOException e) {
            throw state.fail(e);
        }
        try {
            ChunkTable.Written written = table.write(unsaved.series(), unsaved.chunkOwners(), unsaved.chunks());
            chunksWritten.addAndGet(unsaved.chunks().size());
            chunkBytesWritten.addAndGet(written.chunkBytes());
            chunkSamplesWritten.addAndGet(written.chunkSamples());
            rollupBytesWritten.addAndGet(written.rollupBytes());
        } catch (SQLException e) {
            throw state.fail(new IOException("metrics store checkpoint to H2 failed: " + e.getMessage(), e));
        }
        head.saved(unsaved);
        deleteSegments(unsaved.rotation().older(), unsaved.keepFrom());
        checkpoints.incrementAndGet();
    }

    /** Deletes the segments of {@code older} before {@code keepFrom}, once the series file stands in for them. */
    private void deleteSegments(List<Path> older, long keepFrom) throws IOException {
        List<Path> doomed = new ArrayList<>();
        for (Path p : older) {
            if (WriteAheadLog.segmentNumber(p) < keepFrom) {
                doomed.add(p);
            }
        }
        if (doomed.isEmpty()) {
            return;
        }
        // the doomed segments may hold the only log records of series: the series file stands in for them
        try {
            WriteAheadLog.writeSeriesFile(walDir, keepFrom, head.definitions());
            for (Path p : doomed) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw state.fail(e);
        }
    }

    long checkpoints() {
        return checkpoints.get();
    }

    long chunksWritten() {
        return chunksWritten.get();
    }

    long chunkBytesWritten() {
        return chunkBytesWritten.get();
    }

    long chunkSamplesWritten() {
        return chunkSamplesWritten.get();
    }

    long rollupBytesWritten() {
        return rollupBytesWritten.get();
    }
}
