package io.triad.search.tail;

import io.triad.collector.model.LogEvent;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.search.Query;
import org.jspecify.annotations.Nullable;

/**
 * One live-tail client: its query and a bounded buffer of the matching events it has not taken yet. When the
 * buffer is full, further matches are dropped and counted; the client learns the count from {@link #takeSkipped()}
 * before its next event, so memory never grows with a slow client.
 *
 * <p>NOTE: thread safe: the tail thread offers, the client's sender takes. {@link #close()} ends it.
 */
public final class TailSubscription implements AutoCloseable {
    private final LiveTail tail;
    private final @Nullable Query query;
    /** Put into the buffer by {@link #close()} so that a waiting {@link #poll} returns at once. */
    private static final LogEvent CLOSED = LogEvent.builder().message("closed").build();

    private final ArrayBlockingQueue<LogEvent> buffer;
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean closed;

    TailSubscription(LiveTail tail, @Nullable Query query, int capacity) {
        this.tail = tail;
        this.query = query;
        this.buffer = new ArrayBlockingQueue<>(capacity);
    }

    /** The query, or null when every event matches. */
    @Nullable
    Query query() {
        return query;
    }

    /** Buffers a matching event; false (and counted as skipped) when the buffer is full. */
    boolean offer(LogEvent e) {
        if (buffer.offer(e)) {
            return true;
        }
        skipped.incrementAndGet();
        return false;
    }

    /** Counts events the client misses without having been matched (the tail itself fell behind). */
    void skip(long n) {
        skipped.addAndGet(n);
    }

    /**
     * The next buffered event, waiting up to {@code wait}; null when none came in time or the subscription is
     * closed.
     */
    public @Nullable LogEvent poll(Duration wait) throws InterruptedException {
        if (closed) {
            return null;
        }
        LogEvent e = buffer.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        return closed ? null : e;
    }

    /** The events skipped since the last call (and resets the count). */
    public long takeSkipped() {
        return skipped.getAndSet(0);
    }

    public boolean closed() {
        return closed;
    }

    /** Ends the subscription; the tail stops matching for it. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tail.remove(this);
            buffer.clear();
            buffer.offer(CLOSED);
        }
    }
}
