package io.triad.search.query;

import io.triad.collector.model.LogEvent;
import io.triad.search.index.IndexedEvents;
import io.triad.search.index.LogIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.jspecify.annotations.Nullable;

/**
 * Finds a page of hits for a {@link SearchRequest}: the events in time order after the cursor, their highlighted
 * spans, the cursor of the next page and the total count of matches (exact up to {@link
 * QueryLimits#totalHitsThreshold()}).
 *
 * <p>NOTE: thread safe; each search acquires its own searcher from the index and releases it.
 */
final class PageSearcher {

    private static final long FIRST_WINDOW_MICROS = 60_000_000L;

    private final LogIndex index;
    private final QueryLimits limits;
    private final QueryCostCheck parser;

    PageSearcher(LogIndex index, QueryLimits limits, QueryCostCheck parser) {
        this.index = Objects.requireNonNull(index, "index");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** A page of events matching the request, sorted by timestamp. */
    SearchResult search(SearchRequest r) throws IOException {
        long start = System.nanoTime();
        if (r.limit() > limits.maxHits()) {
            throw new QueryCostException("limit must be <= " + limits.maxHits() + "; got: " + r.limit());
        }
        boolean desc = r.sort().equals("desc");
        FieldDoc after = r.cursor() == null ? null : Cursor.decode(r.cursor());
        IndexSearcher searcher = index.acquire();
        try {
            Query parsed = parser.parse(r.q(), searcher);
            long[] bounds = TimeQueries.bounds(searcher);
            if (bounds == null) {
                return new SearchResult(0, false, List.of(), null, (System.nanoTime() - start) / 1_000_000);
            }
            long lo = Math.max(r.fromMicros(), bounds[0]);
            long hi = Math.min(r.toMicros(), bounds[1]);
            if (after != null) {
                long afterTs = (Long) after.fields[0];
                lo = desc ? lo : Math.max(lo, afterTs);
                hi = desc ? Math.min(hi, afterTs) : hi;
            }
            TopFieldDocs top = page(searcher, parsed, lo, hi, desc, r.limit() + 1, after);
            long[] total = count(
                    searcher, TimeQueries.filtered(parsed, r.fromMicros(), r.toMicros()), limits.totalHitsThreshold());
            MessageHighlighter highlighter = new MessageHighlighter(parsed);
            StoredFields stored = searcher.storedFields();
            int n = Math.min(r.limit(), top.scoreDocs.length);
            List<SearchResult.Hit> hits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                LogEvent e = IndexedEvents.load(searcher, stored, top.scoreDocs[i].doc);
                hits.add(new SearchResult.Hit(e, highlighter.spans(e.message())));
            }
            String cursor = top.scoreDocs.length > r.limit() ? Cursor.encode((FieldDoc) top.scoreDocs[n - 1]) : null;
            return new SearchResult(total[0], total[1] == 1, hits, cursor, (System.nanoTime() - start) / 1_000_000);
        } finally {
            index.release(searcher);
        }
    }

    /**
     * The top hits in {@code [lo, hi]}, searched in time windows growing by 8x from the end the sort starts at, so a
     * page of a frequent term reads only the newest (or oldest) matches instead of every match: documents are in
     * roughly ascending time order, where sorting newest first cannot skip documents.
     */
    private static TopFieldDocs page(
            IndexSearcher searcher, Query parsed, long lo, long hi, boolean desc, int n, @Nullable FieldDoc after)
            throws IOException {
        long window = FIRST_WINDOW_MICROS;
        while (true) {
            long wlo = desc && hi - lo > window ? hi - window : lo;
            long whi = !desc && hi - lo > window ? lo + window : hi;
            TopFieldDocs top = searcher.search(
                    TimeQueries.filtered(parsed, wlo, whi),
                    new TopFieldCollectorManager(TimeQueries.sort(desc), n, after, n));
            if (top.scoreDocs.length >= n || (wlo == lo && whi == hi)) {
                return top;
            }
            window = window > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : window * 8;
        }
    }

    /**
     * Counts matches up to {@code threshold}: {count, 1 if counting stopped at the threshold else 0}. Segments whose
     * count is known from the index statistics are not iterated.
     */
    private static long[] count(IndexSearcher searcher, Query query, int threshold) throws IOException {
        long[] result = new long[2];
        searcher.search(query, new CollectorManager<Collector, Void>() {
            @Override
            public Collector newCollector() {
                return new Collector() {
                    private @Nullable Weight weight;

                    @Override
                    public void setWeight(Weight w) {
                        weight = w;
                    }

                    @Override
                    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                        if (result[0] >= threshold) {
                            result[1] = 1;
                            throw new CollectionTerminatedException();
                        }
                        Weight w = weight;
                        int known = w == null ? -1 : w.count(context);
                        if (known >= 0) {
                            result[0] += known;
                            throw new CollectionTerminatedException();
                        }
                        return new LeafCollector() {
                            @Override
                            public void setScorer(Scorable scorer) {}

                            @Override
                            public void collect(int doc) {
                                if (++result[0] >= threshold) {
                                    result[1] = 1;
                                    throw new CollectionTerminatedException();
                                }
                            }
                        };
                    }

                    @Override
                    public ScoreMode scoreMode() {
                        return ScoreMode.COMPLETE_NO_SCORES;
                    }
                };
            }

            @Override
            public @Nullable Void reduce(Collection<Collector> collectors) {
                return null;
            }
        });
        return result;
    }
}
