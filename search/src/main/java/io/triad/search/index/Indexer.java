package io.triad.search.index;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalConsumer;
import io.triad.collector.journal.JournalReader;
import io.triad.collector.journal.JournalRecord;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the journal into the {@link LogIndex} on one thread: polls batches of records, adds them, refreshes the
 * searchable view at most every {@link IndexConfig#refreshInterval()}, and every {@link
 * IndexConfig#commitInterval()} commits the index and then the journal consumer {@value #CONSUMER}, so the journal
 * keeps everything the index has not committed. After a restart it reads from the index's committed position; the
 * index skips what its partitions already hold, so every record is indexed exactly once.
 *
 * <p>A fatal error (the index or the journal failing) stops the indexer and is kept in {@link #failure()} and
 * logged; it is never swallowed. Meters: {@code triad.indexer.docs}, {@code triad.indexer.lag}, {@code
 * triad.index.size}, {@code triad.index.refresh}.
 *
 * <p>NOTE: thread safe. {@link #start()} starts the thread; {@link #close()} stops it, commits what was indexed and
 * closes the journal reader; it closes neither the index nor the journal.
 */
public final class Indexer implements AutoCloseable {

    /** The journal consumer name of the indexer. */
    public static final String CONSUMER = "indexer";

    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

    private final Journal journal;
    private final LogIndex index;
    private final IndexConfig config;
    private final JournalReader reader;
    private final JournalConsumer consumer;
    private final Thread thread;
    private final Counter docs;
    private final Timer refreshTimer;
    private volatile boolean running = true;
    private volatile long lastIndexed;
    private volatile @Nullable Throwable failure;
    private long lastCommitted;
    private boolean closed;

    /** Opens the journal reader at the index's committed position; call {@link #start()} to begin indexing. */
    public Indexer(Journal journal, LogIndex index, MeterRegistry registry) throws IOException {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.index = Objects.requireNonNull(index, "index");
        this.config = index.config();
        long committed = index.committedPosition();
        this.lastIndexed = committed;
        this.lastCommitted = committed;
        this.consumer = journal.consumer(CONSUMER, committed);
        this.reader = journal.reader(committed + 1);
        this.docs = Counter.builder("triad.indexer.docs")
                .description("Log events added to the index")
                .register(registry);
        this.refreshTimer = Timer.builder("triad.index.refresh")
                .description("Time to make newly indexed events searchable (near-real-time refresh)")
                .register(registry);
        Gauge.builder("triad.indexer.lag", this, Indexer::lag)
                .description("Journal records durable but not yet indexed")
                .register(registry);
        Gauge.builder("triad.index.size", index, LogIndex::sizeBytes)
                .description("Bytes of the log index on disk")
                .baseUnit("bytes")
                .register(registry);
        this.thread = new Thread(this::run, "triad-indexer");
        thread.setDaemon(true);
    }

    /** Starts the indexing thread. */
    public void start() {
        thread.start();
    }

    /** Records durable in the journal but not yet indexed. */
    public long lag() {
        try {
            return Math.max(0, journal.durablePosition() - lastIndexed);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The journal position of the last record indexed (added, maybe not yet committed). */
    public long lastIndexedPosition() {
        return lastIndexed;
    }

    /** The error that stopped the indexer, if one did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the indexing thread is running. */
    public boolean running() {
        return thread.isAlive();
    }

    private void run() {
        long lastCommitNanos = System.nanoTime();
        try {
            while (running) {
                List<JournalRecord> batch = reader.poll(config.batchSize(), config.pollWait());
                if (!batch.isEmpty()) {
                    int added = index.add(batch);
                    lastIndexed = batch.get(batch.size() - 1).position();
                    docs.increment(added);
                }
                long start = System.nanoTime();
                if (index.maybeRefresh()) {
                    refreshTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                if (System.nanoTime() - lastCommitNanos
                        >= config.commitInterval().toNanos()) {
                    commit();
                    lastCommitNanos = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) { // a fatal error stops the indexer and is kept
            failure = t;
            running = false;
            LOG.error("indexer stopped after a fatal error at journal position {}", lastIndexed + 1, t);
        }
    }

    private synchronized void commit() throws IOException {
        long position = lastIndexed;
        if (position > lastCommitted) {
            index.commit(position);
            consumer.commit(position);
            lastCommitted = position;
            index.applyRetention();
        }
    }

    /** Stops the thread, commits what was indexed (unless the indexer failed) and closes the reader. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        running = false;
        try {
            if (thread.isAlive()) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the indexer", e);
        }
        try {
            if (failure == null && thread.getState() != Thread.State.NEW) {
                commit();
                index.refresh();
            }
        } finally {
            reader.close();
        }
    }
}
