package io.triad.metrics.store;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a {@link SeriesStore} still serves: not closed, and not failed by a storage error of its log or of a
 * checkpoint, which it keeps as the cause of every later refusal.
 *
 * <p>NOTE: thread safe. The store marks itself closed while it holds the {@link Head}'s lock, so that an append under
 * that lock either finishes before the close or sees it.
 */
final class StoreState {
    // the store's log lines keep the store's logger name
    private static final Logger LOG = LoggerFactory.getLogger(SeriesStore.class);

    private final Path dir;
    private volatile @Nullable IOException failure;
    private volatile boolean closed;

    StoreState(Path dir) {
        this.dir = dir;
    }

    /** Throws when the store has failed or is closed. */
    void ensureOpen() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("the metrics store in " + dir + " failed earlier: " + f.getMessage(), f);
        }
        if (closed) {
            throw new IOException("the metrics store in " + dir + " is closed");
        }
    }

    /** Fails the store with {@code e} unless it failed before (logged once), and returns {@code e}. */
    IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
            LOG.error("metrics store in {} failed; it refuses further appends", dir, e);
        }
        return e;
    }

    boolean failed() {
        return failure != null;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
