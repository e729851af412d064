package io.triad.search.index;

import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.IndexWriter;
import org.jspecify.annotations.Nullable;

/**
 * Adds a batch of documents to their partitions' writers, split over {@code threads} threads when the batch holds at
 * least {@value #MIN_DOCS_PER_THREAD} documents per thread: the calling thread adds the first chunk, a pool of {@code
 * threads - 1} daemon threads ({@code triad-index-worker-<n>}) the others.
 *
 * <p>NOTE: thread safe (Lucene's {@link IndexWriter} takes documents from several threads at once). The pool starts
 * on first use and is stopped by {@link #close()}.
 */
final class IndexWorkers implements AutoCloseable {

    /** A batch is split over threads only in chunks of at least this many documents. */
    static final int MIN_DOCS_PER_THREAD = 500;

    private final int threads;
    private final int maxDynamicFields;
    private @Nullable ExecutorService pool;

    IndexWorkers(int threads, int maxDynamicFields) {
        this.threads = threads;
        this.maxDynamicFields = maxDynamicFields;
    }

    /**
     * Adds the document of {@code events.get(i)} to {@code writers.get(i)} for each i, with the dynamic fields of
     * {@code targets.get(i)}; the first failure is thrown once every chunk has finished, later ones suppressed in it.
     *
     * @return the number of documents added
     */
    int add(List<IndexWriter> writers, List<Partition> targets, List<LogEvent> events) throws IOException {
        int n = events.size();
        int threads = Math.min(this.threads, Math.max(1, n / MIN_DOCS_PER_THREAD));
        if (threads <= 1) {
            addRange(writers, targets, events, 0, n);
            return n;
        }
        List<Future<?>> parts = new ArrayList<>(threads - 1);
        int chunk = (n + threads - 1) / threads;
        for (int t = 1; t < threads; t++) {
            int from = Math.min(n, t * chunk);
            int to = Math.min(n, from + chunk);
            parts.add(pool().submit(() -> {
                addRange(writers, targets, events, from, to);
                return null;
            }));
        }
        IOException failure = null;
        try {
            addRange(writers, targets, events, 0, Math.min(n, chunk));
        } catch (IOException e) {
            failure = e;
        }
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while indexing");
            } catch (ExecutionException e) {
                IOException cause = e.getCause() instanceof IOException io
                        ? io
                        : new IOException("indexing failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return n;
    }

    private void addRange(List<IndexWriter> writers, List<Partition> targets, List<LogEvent> events, int from, int to)
            throws IOException {
        for (int i = from; i < to; i++) {
            Partition p = targets.get(i);
            writers.get(i).addDocument(LogSchema.document(events.get(i), p.dynamicFields(), maxDynamicFields));
        }
    }

    /** The pool that adds documents beside the calling thread; started on first use. */
    private synchronized ExecutorService pool() {
        ExecutorService w = pool;
        if (w == null) {
            AtomicInteger count = new AtomicInteger();
            w = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "triad-index-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool = w;
        }
        return w;
    }

    /** Stops the pool's threads, interrupting any chunk still being added. */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (this) {
            w = pool;
        }
        if (w != null) {
            w.shutdownNow();
        }
    }
}
