package io.triad.collector.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the peer site has acknowledged of this site's own events: the highest origin sequence it holds durably, and
 * the appends (ack policy {@code both}) waiting for it to reach theirs.
 *
 * <p>A waiter completes when the peer acknowledges its sequence, or when the peer is {@linkplain #release released}:
 * the coordinator has declared the peer down, so the events stay on this site only until it returns. Slowness never
 * releases a waiter; it holds the input's acknowledgement (and so applies back-pressure) instead.
 *
 * <p>NOTE: thread safe. Waiters complete on the thread that acknowledged or released (the replication server's event
 * loop or the status poller): callers must not block in their callbacks.
 */
final class PeerAcks {

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
    private volatile long ackedSeq;
    private volatile boolean released;
    private volatile int waitingCount;
    private long waiterCount;

    private record Waiter(long seq, long order, CompletableFuture<Void> future) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter o) {
            int c = Long.compare(seq, o.seq);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** Starts from what the peer is known to hold (0 when nothing is known). */
    public PeerAcks(long ackedSeq) {
        this.ackedSeq = ackedSeq;
    }

    /**
     * Completes once the peer holds this site's events up to {@code seq}, or at once when it already does or the
     * peer is released.
     */
    public CompletableFuture<Void> await(long seq) {
        if (seq <= ackedSeq || released) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (seq <= ackedSeq || released) {
                return CompletableFuture.completedFuture(null);
            }
            waiting.add(new Waiter(seq, waiterCount++, f));
            waitingCount = waiting.size();
        } finally {
            lock.unlock();
        }
        return f;
    }

    /** The peer holds this site's events up to {@code seq} durably; a lower value than before changes nothing. */
    public void acknowledged(long seq) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        lock.lock();
        try {
            if (seq <= ackedSeq) {
                return;
            }
            ackedSeq = seq;
            while (!waiting.isEmpty() && waiting.peek().seq() <= seq) {
                done.add(waiting.poll().future());
            }
            waitingCount = waiting.size();
        } finally {
            lock.unlock();
        }
        done.forEach(f -> f.complete(null));
    }

    /**
     * Whether the peer is released: while true every waiter completes at once (the coordinator declared the peer
     * down). Returns how many waiters this call completed.
     */
    public int release(boolean release) {
        if (!release) {
            released = false;
            return 0;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        lock.lock();
        try {
            released = true;
            while (!waiting.isEmpty()) {
                done.add(waiting.poll().future());
            }
            waitingCount = 0;
        } finally {
            lock.unlock();
        }
        done.forEach(f -> f.complete(null));
        return done.size();
    }

    /** Whether waiters complete without the peer now. */
    public boolean released() {
        return released;
    }

    /** The highest sequence of this site's events the peer acknowledged. */
    public long ackedSeq() {
        return ackedSeq;
    }

    /** How many appends wait for the peer now. */
    public int waiting() {
        return waitingCount;
    }

    /** Fails every waiter (the site is shutting down): their events are durable here, but not known on the peer. */
    void failAll(Exception cause) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        lock.lock();
        try {
            while (!waiting.isEmpty()) {
                done.add(waiting.poll().future());
            }
            waitingCount = 0;
        } finally {
            lock.unlock();
        }
        done.forEach(f -> f.completeExceptionally(cause));
    }
}
