package io.triad.collector.journal;

import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit of a journal: {@link #append} stages the events under a short lock ({@link StagedRecords}),
 * places their records in the pending {@link Chunk}s of their segments (rolling to a new segment when one is full)
 * and returns a future; one commit thread takes every pending chunk at most {@link JournalConfig#commitInterval()}
 * after the first pending record, or as soon as {@value #FLUSH_BYTES} bytes are pending, writes and fsyncs them
 * ({@link ChunkWriter}), completes every future the fsync covers, and runs retention after a roll and about once a
 * second.
 *
 * <p>NOTE: thread safe; every input appends concurrently. The futures complete on the commit thread. A commit that
 * fails (other than for want of space) fails the journal: the pending and every later append fail.
 */
final class GroupCommitter {

    // log lines keep the journal's logger name
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    /** Pending bytes at which the commit thread does not wait for the rest of the commit window. */
    static final int FLUSH_BYTES = 1 << 20;

    private static final long RETENTION_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JournalConfig config;
    private final Path directory;
    private final Segments segments;
    private final CommitProgress progress;
    private final JournalMeters meters;
    private final ChunkWriter writer;
    private final Retention retention;

    // Append state, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final OriginSequences sequences;
    private final StagedRecords staged = new StagedRecords();
    private Segment active;
    private List<Chunk> chunks = new ArrayList<>();
    private @Nullable Chunk current;
    private List<Pending> futures = new ArrayList<>();
    private final List<Chunk> spareChunks = new ArrayList<>();
    private long pendingBytes;
    private long firstPendingNanos;
    // written under lock; volatile for the readers' wait, which asks without it
    private volatile boolean closing;

    // The commit thread's: the batch it writes and the appends that batch completes.
    private List<Chunk> batch = new ArrayList<>();
    private List<Pending> done = new ArrayList<>();

    private final Thread thread;

    GroupCommitter(
            JournalConfig config,
            JournalRecovery.Recovered recovered,
            Segments segments,
            CommitProgress progress,
            JournalMeters meters,
            Retention retention) {
        this.config = config;
        this.directory = config.directory();
        this.segments = segments;
        this.progress = progress;
        this.meters = meters;
        this.retention = retention;
        this.writer = new ChunkWriter(directory, segments, progress, meters);
        this.sequences = recovered.sequences();
        this.active = recovered.active();
        this.thread = new Thread(this::commitLoop, "triad-journal-commit");
        this.thread.setDaemon(true);
    }

    /** Starts the commit thread. */
    void start() {
        thread.start();
    }

    /**
     * Stages and places events, and completes once they are fsynced with this site's last origin sequence after
     * them (see {@link Journal#append}).
     */
    CompletableFuture<Long> append(List<LogEvent> events) {
        int n = events.size();
        int bytes;
        int written;
        int duplicates;
        CompletableFuture<Long> f = new CompletableFuture<>();
        lock.lock();
        try {
            IOException failed = progress.failure();
            if (failed != null) {
                return CompletableFuture.failedFuture(new IOException(
                        "journal " + directory + " failed and takes no more events: " + failed.getMessage(), failed));
            }
            if (closing) {
                return CompletableFuture.failedFuture(
                        new IOException("journal " + directory + " is closed and takes no more events"));
            }
            if (n == 0) {
                return CompletableFuture.completedFuture(sequences.local());
            }
            String rejected = staged.stage(events, sequences, config.maxRecordBytes());
            if (rejected != null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(rejected));
            }
            long seq = staged.lastSeq();
            duplicates = staged.duplicates();
            written = staged.kept();
            if (written == 0) {
                sequences.commitBatch(seq);
                meters.duplicates.increment(duplicates);
                return CompletableFuture.completedFuture(seq);
            }
            place(events);
            sequences.commitBatch(seq);
            progress.appended(written);
            bytes = staged.bytes();
            pend(new Pending(f, seq), bytes);
        } finally {
            lock.unlock();
        }
        meters.appended.increment(written);
        if (duplicates > 0) {
            meters.duplicates.increment(duplicates);
        }
        meters.bytes.increment(bytes);
        return f;
    }

    /** The highest origin sequence held of {@code originSite}'s events (see {@link Journal#maxSeq}). */
    long maxSeq(String originSite) {
        lock.lock();
        try {
            return sequences.max(originSite);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #stop} began; asked without the lock. */
    boolean closing() {
        return closing;
    }

    /**
     * Makes the commit thread write what is pending and end, and waits for it.
     *
     * @throws IllegalStateException when called on the commit thread (from an append future's callback)
     */
    void stop() {
        if (Thread.currentThread() == thread) {
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
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- append internals (lock held)

    /** Copies the staged records into the chunks of their segments, rolling the active segment when it is full. */
    private void place(List<LogEvent> events) {
        byte[] a = staged.array();
        Segment s = active;
        long segmentSize = s.sizeBytes;
        long segmentLast = s.lastPosition;
        long newest = s.newestMicros;
        for (int i = 0; i < staged.kept(); i++) {
            int start = staged.start(i);
            int len = staged.length(i);
            if (segmentSize + len > config.segmentBytes() && segmentLast >= s.firstPosition) {
                s.sizeBytes = segmentSize;
                s.lastPosition = segmentLast;
                s.newestMicros = newest;
                roll(staged.sequencesBefore(i, sequences));
                s = active;
                segmentSize = s.sizeBytes;
                segmentLast = s.lastPosition;
            }
            currentChunk().append(a, start, len);
            segmentSize += len;
            segmentLast++;
            newest = events.get(staged.eventIndex(i)).received();
        }
        s.sizeBytes = segmentSize;
        s.lastPosition = segmentLast;
        s.newestMicros = newest;
    }

    /** Queues an append's future behind {@code bytes} more pending bytes, waking the commit thread when due. */
    private void pend(Pending p, int bytes) {
        boolean wasIdle = pendingBytes == 0;
        pendingBytes += bytes;
        futures.add(p);
        if (wasIdle) {
            firstPendingNanos = System.nanoTime();
            work.signal();
        } else if (pendingBytes >= FLUSH_BYTES && pendingBytes - bytes < FLUSH_BYTES) {
            work.signal();
        }
    }

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

    /** Starts a new segment after the active one; its file is created by the commit thread. */
    private void roll(Map<String, Long> seqBefore) {
        Chunk last = currentChunk();
        last.seal = true;
        Segment next = segments.segmentAt(active.lastPosition + 1);
        segments.add(next);
        active = next;
        Chunk c = currentChunk();
        c.create = true;
        c.seqBefore = seqBefore;
    }

    // ---- commit thread

    private void commitLoop() {
        long lastRetention = System.nanoTime();
        while (true) {
            long target;
            lock.lock();
            try {
                for (Chunk c : batch) {
                    c.shrink();
                    spareChunks.add(c);
                }
                batch.clear();
                done.clear();
                if (!awaitWork(lastRetention)) {
                    return;
                }
                target = takeBatch();
            } catch (InterruptedException e) {
                fail(new IOException("journal commit thread interrupted", e), List.of());
                return;
            } finally {
                lock.unlock();
            }
            boolean rolled = false;
            try {
                if (!batch.isEmpty()) {
                    rolled = writer.writeRetrying(batch, this::isClosing);
                }
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException ioe ? ioe : new IOException("journal commit failed", e);
                fail(io, done);
                return;
            }
            progress.durableUpTo(target);
            for (Pending p : done) {
                p.future.complete(p.seq);
            }
            progress.signalReaders();
            if (rolled || System.nanoTime() - lastRetention >= RETENTION_PERIOD_NANOS) {
                lastRetention = System.nanoTime();
                try {
                    retention.enforce();
                } catch (IOException e) {
                    LOG.error("journal retention in {} could not delete a segment; will retry", directory, e);
                }
            }
        }
    }

    /**
     * Waits (lock held) until a commit is due (the commit window of the first pending record has passed, enough
     * bytes are pending, or the journal closes with records pending) or retention is due.
     *
     * @return false when the commit thread ends: the journal failed, or closed with nothing pending
     */
    private boolean awaitWork(long lastRetention) throws InterruptedException {
        while (true) {
            if (progress.failure() != null) {
                return false;
            }
            if (!chunks.isEmpty()) {
                long wait = firstPendingNanos + config.commitInterval().toNanos() - System.nanoTime();
                if (closing || pendingBytes >= FLUSH_BYTES || wait <= 0) {
                    return true;
                }
                work.awaitNanos(wait);
            } else if (closing) {
                return false;
            } else if (System.nanoTime() - lastRetention >= RETENTION_PERIOD_NANOS) {
                return true;
            } else {
                work.awaitNanos(RETENTION_PERIOD_NANOS);
            }
        }
    }

    /** Takes (lock held) every pending chunk and future into the commit thread's batch; returns its last position. */
    private long takeBatch() {
        List<Chunk> swap = chunks;
        chunks = batch;
        batch = swap;
        List<Pending> swapFutures = futures;
        futures = done;
        done = swapFutures;
        current = null;
        pendingBytes = 0;
        return progress.lastPosition();
    }

    private boolean isClosing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException e, List<Pending> inFlight) {
        List<Pending> toFail = new ArrayList<>(inFlight);
        lock.lock();
        try {
            progress.failed(e);
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
                progress.durablePosition(),
                toFail.size(),
                e);
        for (Pending p : toFail) {
            p.future.completeExceptionally(e);
        }
        progress.signalReaders();
    }

    /** An append waiting for its fsync, and the local sequence it completes with. */
    private record Pending(CompletableFuture<Long> future, long seq) {}
}
