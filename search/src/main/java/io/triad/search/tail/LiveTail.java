package io.triad.search.tail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalReader;
import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.LogAnalyzer;
import io.triad.search.index.LogSchema;
import io.triad.search.query.SearchService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams new events to live-tail clients. One thread reads the journal from its durable end while anyone
 * subscribes, builds each event's document once in a Lucene {@link MemoryIndex} (analysed as the index analyses
 * it) and runs every client's query against it, so a client sees what the same query would find in search.
 *
 * <p>Limits: at most {@code maxClients} subscriptions; each buffers at most {@code bufferEvents} events (further
 * matches are counted as skipped); when the tail thread itself falls more than {@code maxLagRecords} records
 * behind the journal's end, it jumps to the end and counts the records it passed over as skipped for every client.
 * Meters: {@code triad.tail.clients}, {@code triad.tail.skipped}.
 *
 * <p>NOTE: thread safe. The thread starts with the first subscription and stops with the last; {@link #close()}
 * ends every subscription.
 */
public final class LiveTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTail.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(200);
    private static final int BATCH = 1000;

    private final Journal journal;
    private final SearchService search;
    private final Analyzer analyzer = LogAnalyzer.forIndexing();
    private final int bufferEvents;
    private final int maxClients;
    private final long maxLagRecords;
    private final List<TailSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Counter skippedCounter;
    private @Nullable Thread thread;
    private boolean closed;

    /** @param search parses the clients' queries with the search API's syntax and cost limits */
    public LiveTail(Journal journal, SearchService search, int bufferEvents, int maxClients, MeterRegistry registry) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.search = Objects.requireNonNull(search, "search");
        if (bufferEvents < 1 || maxClients < 1) {
            throw new IllegalArgumentException(
                    "bufferEvents and maxClients must be >= 1; got: " + bufferEvents + " and " + maxClients);
        }
        this.bufferEvents = bufferEvents;
        this.maxClients = maxClients;
        this.maxLagRecords = Math.max(10_000L, 10L * bufferEvents);
        this.skippedCounter = Counter.builder("triad.tail.skipped")
                .description("Events a live-tail client missed because it or the tail fell behind")
                .register(registry);
        Gauge.builder("triad.tail.clients", subscriptions, List::size)
                .description("Live-tail clients connected")
                .register(registry);
    }

    /**
     * Subscribes a client to new events matching a query in the search syntax (blank: every event).
     *
     * @throws io.triad.search.query.QueryException when the query does not parse
     * @throws io.triad.search.query.QueryCostException when it is over a cost limit
     * @throws TooManyClientsException when {@code maxClients} are subscribed
     */
    public TailSubscription subscribe(String q) throws IOException {
        return subscribeParsed(q.isBlank() ? null : search.parse(q));
    }

    /**
     * Subscribes a client to new events matching {@code query} (null: every event).
     *
     * @throws TooManyClientsException when {@code maxClients} are subscribed
     */
    synchronized TailSubscription subscribeParsed(@Nullable Query query) throws IOException {
        if (closed) {
            throw new IllegalStateException("the live tail is closed");
        }
        if (subscriptions.size() >= maxClients) {
            throw new TooManyClientsException(
                    "live tail has " + subscriptions.size() + " clients, the configured maximum; try again later");
        }
        // constant score: a match scores 1 even when the query has only filter clauses
        TailSubscription s =
                new TailSubscription(this, query == null ? null : new ConstantScoreQuery(query), bufferEvents);
        subscriptions.add(s);
        if (thread == null || !thread.isAlive()) {
            JournalReader reader = journal.reader(journal.durablePosition() + 1);
            Thread t = new Thread(() -> run(reader), "triad-live-tail");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
        return s;
    }

    /** Clients subscribed now. */
    public int clients() {
        return subscriptions.size();
    }

    void remove(TailSubscription s) {
        subscriptions.remove(s);
    }

    private void run(JournalReader first) {
        JournalReader reader = first;
        try {
            while (true) {
                synchronized (this) {
                    if (subscriptions.isEmpty() || closed) {
                        thread = null;
                        return;
                    }
                }
                long behind = journal.durablePosition() - reader.nextPosition() + 1;
                if (behind > maxLagRecords) {
                    reader.close();
                    reader = journal.reader(journal.durablePosition() + 1);
                    for (TailSubscription s : subscriptions) {
                        s.skip(behind);
                    }
                    skippedCounter.increment((double) behind * subscriptions.size());
                    continue;
                }
                List<JournalRecord> batch = reader.poll(BATCH, POLL_WAIT);
                for (JournalRecord r : batch) {
                    dispatch(r.event());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("live tail stopped: {}", e.toString(), e);
            synchronized (this) {
                thread = null;
                for (TailSubscription s : subscriptions) {
                    s.close();
                }
            }
        } finally {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.warn("closing the live tail's journal reader: {}", e.toString());
            }
        }
    }

    private void dispatch(LogEvent e) {
        @Nullable MemoryIndex memory = null;
        for (TailSubscription s : subscriptions) {
            Query q = s.query();
            boolean matches;
            if (q == null) {
                matches = true;
            } else {
                if (memory == null) {
                    memory = MemoryIndex.fromDocument(LogSchema.matchable(e), analyzer);
                }
                matches = memory.search(q) > 0.0f;
            }
            if (matches && !s.offer(e)) {
                skippedCounter.increment();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (TailSubscription s : subscriptions) {
            s.close();
        }
    }

    /** Thrown when a subscription would exceed the client limit. */
    public static final class TooManyClientsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public TooManyClientsException(String message) {
            super(message);
        }
    }
}
