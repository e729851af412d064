package io.triad.collector.journal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How far a journal got: the last appended position, the position up to which records are fsynced, and why it
 * stopped (a fatal storage error) or waits (a write error it waits out, a full disk). Readers wait here for the
 * durable position to pass theirs.
 *
 * <p>NOTE: thread safe: volatile values, written by the appending threads under the journal's append lock (the last
 * position) and by the commit thread (the rest).
 */
final class CommitProgress {

    private volatile long lastPosition;
    private volatile long durablePosition;
    private volatile @Nullable IOException failure;
    // the write error a commit is waiting out (a full disk), null while commits succeed
    private volatile @Nullable IOException stalled;

    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition advanced = signalLock.newCondition();

    /** Starts with every recovered record, up to {@code lastPosition}, durable. */
    CommitProgress(long lastPosition) {
        this.lastPosition = lastPosition;
        this.durablePosition = lastPosition;
    }

    long lastPosition() {
        return lastPosition;
    }

    /** Counts {@code records} more appended (under the journal's append lock). */
    void appended(int records) {
        lastPosition += records;
    }

    long durablePosition() {
        return durablePosition;
    }

    /** Moves the durable position up to {@code position}, never down. */
    void durableUpTo(long position) {
        if (position > durablePosition) {
            durablePosition = position;
        }
    }

    @Nullable
    IOException failure() {
        return failure;
    }

    /** Records the storage error that failed the journal; a later one does not replace the first. */
    void failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    @Nullable
    IOException stalled() {
        return stalled;
    }

    /** Sets (or, with null, clears) the write error the commit waits out. */
    void stalled(@Nullable IOException e) {
        stalled = e;
    }

    /**
     * Waits until {@code position} is durable, at most {@code nanos}.
     *
     * @param stopped whether the journal closed or failed, asked before each wait
     * @return false when {@code stopped} while the position is not durable, so waiting is pointless
     */
    boolean awaitDurable(long position, long nanos, BooleanSupplier stopped) throws InterruptedException {
        signalLock.lock();
        try {
            long left = nanos;
            while (durablePosition < position) {
                if (stopped.getAsBoolean()) {
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

    /** Wakes the readers waiting in {@link #awaitDurable}. */
    void signalReaders() {
        signalLock.lock();
        try {
            advanced.signalAll();
        } finally {
            signalLock.unlock();
        }
    }
}
