package io.triad.search.query;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import io.triad.search.index.IndexedEvents;
import io.triad.search.index.LogIndex;
import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * Searches the {@link LogIndex}: pages of hits sorted by time with cursors, histograms over time, top values of
 * keyword fields, events by id and the events around one.
 *
 * <p>Queries use the classic Lucene syntax of {@link LogQueryParser}. A query that does not parse throws {@link
 * QueryException} with the parser's message and column; one beyond the {@link QueryLimits} throws {@link
 * QueryCostException}.
 *
 * <p>Sorting is by timestamp, then site, then sequence, so the order is total and stable across refreshes: paging by
 * cursor has no duplicates and no gaps even while events are added.
 *
 * <p>NOTE: thread safe; it holds no state but the index, the limits and the clock.
 */
public final class SearchService {

    /** Dynamic fields whose top values {@link #fields} reports, besides {@link LogSchema#FACETS}. */
    static final int MAX_DYNAMIC_STATS_FIELDS = 20;

    private static final int MAX_HISTOGRAM_BUCKETS = 10_000;
    private static final long FIRST_WINDOW_MICROS = 60_000_000L;
    private static final long[] ROUND_INTERVALS_MICROS = {
        1_000L,
        2_000L,
        5_000L,
        10_000L,
        20_000L,
        50_000L,
        100_000L,
        200_000L,
        500_000L,
        1_000_000L,
        2_000_000L,
        5_000_000L,
        10_000_000L,
        15_000_000L,
        30_000_000L,
        60_000_000L,
        120_000_000L,
        300_000_000L,
        600_000_000L,
        900_000_000L,
        1_800_000_000L,
        3_600_000_000L,
        7_200_000_000L,
        10_800_000_000L,
        21_600_000_000L,
        43_200_000_000L,
        86_400_000_000L,
        172_800_000_000L,
        604_800_000_000L,
        2_592_000_000_000L,
        31_536_000_000_000L
    };

    private final LogIndex index;
    private final QueryLimits limits;
    private final Clock clock;

    public SearchService(LogIndex index, QueryLimits limits, Clock clock) {
        this.index = Objects.requireNonNull(index, "index");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A page of events matching the request, sorted by timestamp. */
    public SearchResult search(SearchRequest r) throws IOException {
        long start = System.nanoTime();
        if (r.limit() > limits.maxHits()) {
            throw new QueryCostException("limit must be <= " + limits.maxHits() + "; got: " + r.limit());
        }
        boolean desc = r.sort().equals("desc");
        FieldDoc after = r.cursor() == null ? null : Cursor.decode(r.cursor());
        IndexSearcher searcher = index.acquire();
        try {
            Query parsed = parse(r.q(), searcher);
            long[] bounds = timestampBounds(searcher);
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
            long[] total = count(searcher, filtered(parsed, r.fromMicros(), r.toMicros()), limits.totalHitsThreshold());
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
            TopFieldDocs top =
                    searcher.search(filtered(parsed, wlo, whi), new TopFieldCollectorManager(sort(desc), n, after, n));
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

    /**
     * Counts matching events per time bucket over {@code [from, to]}.
     *
     * @param intervalMicros bucket width, or 0 to pick a round width giving at most 100 buckets (about 60 or more
     *     where a round width allows)
     */
    public Histogram histogram(String q, long from, long to, long intervalMicros) throws IOException {
        if (intervalMicros < 0) {
            throw new IllegalArgumentException("intervalMicros must be >= 0; got: " + intervalMicros);
        }
        IndexSearcher searcher = index.acquire();
        try {
            Query parsed = parse(q, searcher);
            long lo = from;
            long hi = to;
            if (lo == Long.MIN_VALUE || hi == Long.MAX_VALUE) {
                long[] bounds = timestampBounds(searcher);
                if (bounds == null) {
                    return new Histogram(Math.max(intervalMicros, 1_000_000L), List.of(), 0);
                }
                lo = lo == Long.MIN_VALUE ? bounds[0] : lo;
                hi = hi == Long.MAX_VALUE ? bounds[1] : hi;
            }
            if (lo > hi) {
                throw new IllegalArgumentException("from (" + lo + ") must be <= to (" + hi + ")");
            }
            long interval = intervalMicros > 0 ? intervalMicros : autoInterval(hi - lo);
            long first = Math.floorDiv(lo, interval) * interval;
            long buckets = (hi - first) / interval + 1;
            if (buckets > MAX_HISTOGRAM_BUCKETS) {
                throw new QueryCostException("histogram would have " + buckets + " buckets; at most "
                        + MAX_HISTOGRAM_BUCKETS + " are allowed (raise the interval)");
            }
            long[] counts = searcher.search(
                    filtered(parsed, lo, hi), new HistogramCollectorManager(first, interval, (int) buckets));
            List<Histogram.Bucket> list = new ArrayList<>((int) buckets);
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                list.add(new Histogram.Bucket(first + i * interval, counts[i]));
                total += counts[i];
            }
            return new Histogram(interval, list, total);
        } finally {
            index.release(searcher);
        }
    }

    /**
     * The top {@code topN} values of each keyword field with doc values ({@link LogSchema#FACETS} and the {@value
     * #MAX_DYNAMIC_STATS_FIELDS} dynamic fields held by most events) among events matching the query in {@code [from,
     * to]}. Severities are reported by name.
     */
    public FieldStats fields(String q, long from, long to, int topN) throws IOException {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be >= 1; got: " + topN);
        }
        IndexSearcher searcher = index.acquire();
        try {
            Query query = filtered(parse(q, searcher), from, to);
            List<String> fieldNames = new ArrayList<>(LogSchema.FACETS);
            fieldNames.addAll(topDynamicFields(searcher));
            FacetCollectorManager manager = new FacetCollectorManager(fieldNames);
            FacetCounts counts = searcher.search(query, manager);
            Map<String, List<FieldStats.ValueCount>> out = new LinkedHashMap<>();
            for (String f : fieldNames) {
                Map<String, Long> values = counts.values.get(f);
                if (values == null || values.isEmpty()) {
                    continue;
                }
                List<Map.Entry<String, Long>> entries = new ArrayList<>(values.entrySet());
                entries.sort((a, b) -> b.getValue().equals(a.getValue())
                        ? a.getKey().compareTo(b.getKey())
                        : Long.compare(b.getValue(), a.getValue()));
                List<FieldStats.ValueCount> top = new ArrayList<>();
                for (Map.Entry<String, Long> e : entries.subList(0, Math.min(topN, entries.size()))) {
                    String v = f.equals(LogSchema.SEVERITY) ? Severity.name(Integer.parseInt(e.getKey())) : e.getKey();
                    top.add(new FieldStats.ValueCount(v, e.getValue()));
                }
                out.put(f, top);
            }
            return new FieldStats(counts.matched, out);
        } finally {
            index.release(searcher);
        }
    }

    /** The event with that id, if the index holds it. */
    public Optional<LogEvent> get(EventId id) throws IOException {
        IndexSearcher searcher = index.acquire();
        try {
            ScoreDoc[] docs = searcher.search(LogSchema.idQuery(id), 1).scoreDocs;
            return docs.length == 0
                    ? Optional.empty()
                    : Optional.of(IndexedEvents.load(searcher, searcher.storedFields(), docs[0].doc));
        } finally {
            index.release(searcher);
        }
    }

    /**
     * The events just before and after an event in time within a scope, oldest first, with the event itself
     * between them; empty when the index does not hold the event.
     */
    public List<LogEvent> surrounding(EventId id, int before, int after, Scope scope) throws IOException {
        if (before < 0 || after < 0 || before > limits.maxHits() || after > limits.maxHits()) {
            throw new IllegalArgumentException(
                    "before and after must be within 0.." + limits.maxHits() + "; got: " + before + ", " + after);
        }
        Optional<LogEvent> found = get(id);
        if (found.isEmpty()) {
            return List.of();
        }
        LogEvent e = found.get();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(LogSchema.HOST, e.host())), BooleanClause.Occur.FILTER);
        if (scope == Scope.HOST_APP_PROC) {
            if (!e.app().isEmpty()) {
                b.add(new TermQuery(new Term(LogSchema.APP, e.app())), BooleanClause.Occur.FILTER);
            }
            if (!e.procId().isEmpty()) {
                b.add(new TermQuery(new Term(LogSchema.PROC_ID, e.procId())), BooleanClause.Occur.FILTER);
            }
        }
        Query query = e.host().isEmpty() ? new org.apache.lucene.search.MatchAllDocsQuery() : b.build();
        FieldDoc self =
                Cursor.after(e.timestamp(), e.site().isEmpty() ? null : new BytesRef(e.site()), e.id().originSeq());
        IndexSearcher searcher = index.acquire();
        try {
            List<LogEvent> out = new ArrayList<>(before + after + 1);
            if (before > 0) {
                TopFieldDocs older = searcher.search(query, new TopFieldCollectorManager(sort(true), before, self, 1));
                for (ScoreDoc d : older.scoreDocs) {
                    out.add(IndexedEvents.load(searcher, searcher.storedFields(), d.doc));
                }
                Collections.reverse(out);
            }
            out.add(e);
            if (after > 0) {
                TopFieldDocs newer = searcher.search(query, new TopFieldCollectorManager(sort(false), after, self, 1));
                for (ScoreDoc d : newer.scoreDocs) {
                    out.add(IndexedEvents.load(searcher, searcher.storedFields(), d.doc));
                }
            }
            return out;
        } finally {
            index.release(searcher);
        }
    }

    /**
     * Parses a query in the search syntax and checks its cost against the current index.
     *
     * @throws QueryException when the query does not parse (the message has the position)
     * @throws QueryCostException when it is over a cost limit
     */
    public Query parse(String q) throws IOException {
        IndexSearcher searcher = index.acquire();
        try {
            return parse(q, searcher);
        } finally {
            index.release(searcher);
        }
    }

    private Query parse(String q, IndexSearcher searcher) throws IOException {
        Query query = new LogQueryParser(limits, clock).parseQuery(q);
        int[] clauses = {0};
        checkCost(query, searcher, clauses);
        return query;
    }

    private void checkCost(Query q, IndexSearcher searcher, int[] clauses) throws IOException {
        if (q instanceof BooleanQuery bq) {
            clauses[0] += bq.clauses().size();
            if (clauses[0] > limits.maxClauses()) {
                throw new QueryCostException(
                        "query has more than " + limits.maxClauses() + " boolean clauses (the configured maximum)");
            }
            for (BooleanClause c : bq.clauses()) {
                checkCost(c.query(), searcher, clauses);
            }
        } else if (q instanceof BoostQuery bq) {
            checkCost(bq.getQuery(), searcher, clauses);
        } else if (q instanceof ConstantScoreQuery cq) {
            checkCost(cq.getQuery(), searcher, clauses);
        } else if (q instanceof MultiTermQuery mtq) {
            checkExpansion(mtq, searcher);
        }
    }

    private void checkExpansion(MultiTermQuery q, IndexSearcher searcher) throws IOException {
        Set<BytesRef> distinct = new HashSet<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(q.getField());
            if (terms == null) {
                continue;
            }
            TermsEnum te = q.getTermsEnum(terms);
            for (BytesRef t = te.next(); t != null; t = te.next()) {
                if (distinct.add(BytesRef.deepCopyOf(t)) && distinct.size() > limits.maxExpansions()) {
                    throw new QueryCostException(kind(q) + " '" + q.toString(LogSchema.MESSAGE)
                            + "' expands to more than " + limits.maxExpansions() + " terms");
                }
            }
        }
    }

    private static String kind(MultiTermQuery q) {
        String name = q.getClass().getSimpleName();
        return name.endsWith("Query") ? name.substring(0, name.length() - 5).toLowerCase(java.util.Locale.ROOT) : name;
    }

    /** The query restricted to events with timestamps in {@code [from, to]} (microseconds). */
    public static Query filtered(Query query, long from, long to) {
        if (from == Long.MIN_VALUE && to == Long.MAX_VALUE) {
            return query;
        }
        Query range = new IndexOrDocValuesQuery(
                LongPoint.newRangeQuery(LogSchema.TIMESTAMP, from, to),
                NumericDocValuesField.newSlowRangeQuery(LogSchema.TIMESTAMP, from, to));
        return new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(range, BooleanClause.Occur.FILTER)
                .build();
    }

    /** Time order (ties broken by site and sequence), newest first when {@code desc}. */
    public static Sort sort(boolean desc) {
        return new Sort(
                new SortField(LogSchema.TIMESTAMP, SortField.Type.LONG, desc),
                new SortField(LogSchema.SITE, SortField.Type.STRING, desc),
                new SortField(LogSchema.SEQ, SortField.Type.LONG, desc));
    }

    static long autoInterval(long span) {
        for (long candidate : ROUND_INTERVALS_MICROS) {
            if (span / candidate + 1 <= 100) {
                return candidate;
            }
        }
        long year = ROUND_INTERVALS_MICROS[ROUND_INTERVALS_MICROS.length - 1];
        return (span / (year * 100) + 1) * year;
    }

    private static long @Nullable [] timestampBounds(IndexSearcher searcher) throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            PointValues points = leaf.reader().getPointValues(LogSchema.TIMESTAMP);
            if (points == null || points.size() == 0) {
                continue;
            }
            min = Math.min(min, LongPoint.decodeDimension(points.getMinPackedValue(), 0));
            max = Math.max(max, LongPoint.decodeDimension(points.getMaxPackedValue(), 0));
        }
        return min > max ? null : new long[] {min, max};
    }

    private static List<String> topDynamicFields(IndexSearcher searcher) throws IOException {
        Map<String, Long> docCounts = new HashMap<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            for (FieldInfo fi : reader.getFieldInfos()) {
                if ((fi.name.startsWith(LogSchema.FIELDS_PREFIX) || fi.name.startsWith(LogSchema.CORRELATION_PREFIX))
                        && !fi.name.equals(LogSchema.FIELDS_OVERFLOW)
                        && fi.getDocValuesType() == org.apache.lucene.index.DocValuesType.SORTED_SET) {
                    Terms terms = reader.terms(fi.name);
                    docCounts.merge(fi.name, terms == null ? 0L : terms.getDocCount(), Long::sum);
                }
            }
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(docCounts.entrySet());
        entries.sort((a, b) -> b.getValue().equals(a.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(MAX_DYNAMIC_STATS_FIELDS, entries.size()))) {
            names.add(e.getKey());
        }
        return names;
    }

    /** Counts matching documents per timestamp bucket from the timestamp doc values. */
    private static final class HistogramCollectorManager implements CollectorManager<Collector, long[]> {
        private final long first;
        private final long interval;
        private final int buckets;
        private final List<long[]> parts = Collections.synchronizedList(new ArrayList<>());

        HistogramCollectorManager(long first, long interval, int buckets) {
            this.first = first;
            this.interval = interval;
            this.buckets = buckets;
        }

        @Override
        public Collector newCollector() {
            long[] counts = new long[buckets];
            parts.add(counts);
            return new Collector() {
                @Override
                public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                    NumericDocValues dv = DocValues.getNumeric(context.reader(), LogSchema.TIMESTAMP);
                    return new LeafCollector() {
                        @Override
                        public void setScorer(Scorable scorer) {}

                        @Override
                        public void collect(int doc) throws IOException {
                            if (dv.advanceExact(doc)) {
                                long i = Math.floorDiv(dv.longValue() - first, interval);
                                if (i >= 0 && i < buckets) {
                                    counts[(int) i]++;
                                }
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
        public long[] reduce(Collection<Collector> collectors) {
            long[] total = new long[buckets];
            synchronized (parts) {
                for (long[] p : parts) {
                    for (int i = 0; i < buckets; i++) {
                        total[i] += p[i];
                    }
                }
            }
            return total;
        }
    }

    /** Value counts per field and the number of matching documents. */
    private static final class FacetCounts {
        final Map<String, Map<String, Long>> values = new HashMap<>();
        long matched;

        void merge(FacetCounts o) {
            matched += o.matched;
            o.values.forEach((f, m) -> {
                Map<String, Long> mine = values.computeIfAbsent(f, k -> new HashMap<>());
                m.forEach((v, c) -> mine.merge(v, c, Long::sum));
            });
        }
    }

    /** Counts keyword values of matching documents by doc-value ordinals, resolving ordinals once per segment. */
    private static final class FacetCollectorManager implements CollectorManager<Collector, FacetCounts> {
        private final List<String> fields;
        private final List<FacetCounts> parts = Collections.synchronizedList(new ArrayList<>());

        FacetCollectorManager(List<String> fields) {
            this.fields = fields;
        }

        @Override
        public Collector newCollector() {
            FacetCounts counts = new FacetCounts();
            parts.add(counts);
            return new Collector() {
                @Override
                public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                    LeafReader reader = context.reader();
                    int n = fields.size();
                    SortedDocValues[] single = new SortedDocValues[n];
                    SortedSetDocValues[] multi = new SortedSetDocValues[n];
                    int[][] ordCounts = new int[n][];
                    for (int i = 0; i < n; i++) {
                        String f = fields.get(i);
                        FieldInfo fi = reader.getFieldInfos().fieldInfo(f);
                        if (fi == null) {
                            continue;
                        }
                        switch (fi.getDocValuesType()) {
                            case SORTED -> {
                                single[i] = reader.getSortedDocValues(f);
                                ordCounts[i] = new int[single[i].getValueCount()];
                            }
                            case SORTED_SET -> {
                                multi[i] = reader.getSortedSetDocValues(f);
                                ordCounts[i] = new int[Math.toIntExact(multi[i].getValueCount())];
                            }
                            default -> {}
                        }
                    }
                    return new LeafCollector() {
                        @Override
                        public void setScorer(Scorable scorer) {}

                        @Override
                        public void collect(int doc) throws IOException {
                            counts.matched++;
                            for (int i = 0; i < n; i++) {
                                SortedDocValues s = single[i];
                                if (s != null) {
                                    if (s.advanceExact(doc)) {
                                        ordCounts[i][s.ordValue()]++;
                                    }
                                    continue;
                                }
                                SortedSetDocValues m = multi[i];
                                if (m != null && m.advanceExact(doc)) {
                                    for (int k = 0, c = m.docValueCount(); k < c; k++) {
                                        ordCounts[i][(int) m.nextOrd()]++;
                                    }
                                }
                            }
                        }

                        @Override
                        public void finish() throws IOException {
                            for (int i = 0; i < n; i++) {
                                int[] oc = ordCounts[i];
                                if (oc == null) {
                                    continue;
                                }
                                Map<String, Long> values =
                                        counts.values.computeIfAbsent(fields.get(i), k -> new HashMap<>());
                                for (int ord = 0; ord < oc.length; ord++) {
                                    if (oc[ord] == 0) {
                                        continue;
                                    }
                                    BytesRef term = single[i] != null
                                            ? single[i].lookupOrd(ord)
                                            : Objects.requireNonNull(multi[i]).lookupOrd(ord);
                                    values.merge(term.utf8ToString(), (long) oc[ord], Long::sum);
                                }
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
        public FacetCounts reduce(Collection<Collector> collectors) {
            FacetCounts total = new FacetCounts();
            synchronized (parts) {
                for (FacetCounts p : parts) {
                    total.merge(p);
                }
            }
            return total;
        }
    }
}
