package io.triad.metrics.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's retention: drops raw chunks older than {@link StoreConfig#rawRetention()}, minute rollups older than
 * {@link StoreConfig#minuteRetention()} and whole chunk rows (the hour rollups) older than {@link
 * StoreConfig#hourRetention()}, each judged by the chunk's last sample.
 *
 * <p>NOTE: thread safe: runs under the write lock that it shares with the {@link Checkpointer}. A failure is returned
 * to the caller; it does not fail the store.
 */
final class Retention {
    private final StoreConfig config;
    private final Head head;
    private final ChunkTable table;
    private final StoreState state;
    private final ReentrantLock writeLock;

    Retention(StoreConfig config, Head head, ChunkTable table, StoreState state, ReentrantLock writeLock) {
        this.config = config;
        this.head = head;
        this.table = table;
        this.state = state;
        this.writeLock = writeLock;
    }

    /**
     * Drops what is older than its resolution's retention at {@code now}; a drop changes the settled past.
     *
     * @throws IOException when the store has failed or is closed, or when H2 fails
     */
    RetentionResult apply(long now) throws IOException {
        writeLock.lock();
        try {
            state.ensureOpen();
            RetentionResult r;
            try {
                r = table.dropOlder(
                        now - config.rawRetention().toMillis(),
                        now - config.minuteRetention().toMillis(),
                        now - config.hourRetention().toMillis());
            } catch (SQLException e) {
                throw new IOException("metrics store retention failed: " + e.getMessage(), e);
            }
            if (r.rawChunksDropped() + r.minuteRollupsDropped() + r.rowsDeleted() > 0) {
                head.pastChanged();
            }
            return r;
        } finally {
            writeLock.unlock();
        }
    }
}
