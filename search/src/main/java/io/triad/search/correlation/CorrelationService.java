package io.triad.search.correlation;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.IndexedEvents;
import io.triad.search.index.LogIndex;
import io.triad.search.index.LogSchema;
import io.triad.search.query.SearchService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Answers correlation questions from the index: the {@code correlation.<name>} keyword fields with their doc values,
 * across every partition, site, component and layer.
 *
 * <ul>
 *   <li>{@link #correlated}: every event sharing a key with one event within a time window around it, plus the
 *       events of other layers on the same host close in time (neighbours).
 *   <li>{@link #transaction}: every event of one key value with its summary.
 *   <li>{@link #transactions}: the events of a key grouped by value and split by span and pause, read from doc
 *       values only (no stored fields but each result's first message).
 * </ul>
 *
 * <p>Each method reads at most {@code maxEvents} events and says so when it stopped there.
 *
 * <p>NOTE: thread safe; each call works on one point-in-time searcher.
 */
public final class CorrelationService {
    /** Neighbours returned at most. */
    static final int MAX_NEIGHBOURS = 200;

    private static final Set<String> ERROR_SEVERITIES = Set.of("0", "1", "2", "3");

    private final LogIndex index;
    private final SearchService search;
    private final int maxEvents;

    /**
     * @param search parses queries (with their cost limits) and finds events by id
     * @param maxEvents the most events one call reads
     */
    public CorrelationService(LogIndex index, SearchService search, int maxEvents) {
        this.index = Objects.requireNonNull(index, "index");
        this.search = Objects.requireNonNull(search, "search");
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1; got: " + maxEvents);
        }
        this.maxEvents = maxEvents;
    }

    /** The field of a correlation key. */
    public static String field(String name) {
        return LogSchema.CORRELATION_PREFIX + name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The events related to one event; empty when the index does not hold it.
     *
     * @param windowMicros key matches are looked for this far before and after the event
     * @param neighbourMicros neighbours are looked for this far before and after the event (0: none)
     * @param limit the most key matches returned (within {@code 1..maxEvents})
     */
    public Optional<Correlated> correlated(EventId id, long windowMicros, long neighbourMicros, int limit)
            throws IOException {
        checkLimit(limit);
        if (windowMicros < 0 || neighbourMicros < 0) {
            throw new IllegalArgumentException(
                    "window and neighbours must be >= 0; got: " + windowMicros + " and " + neighbourMicros + " µs");
        }
        Optional<LogEvent> found = search.get(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LogEvent anchor = found.get();
        List<Link> keys = links(anchor);
        long ts = anchor.timestamp();
        IndexSearcher searcher = index.acquire();
        try {
            StoredFields stored = searcher.storedFields();
            List<Correlated.Hit> hits = new ArrayList<>();
            Set<EventId> seen = new HashSet<>();
            boolean truncated = false;
            if (!keys.isEmpty()) {
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                for (Link k : keys) {
                    any.add(new TermQuery(new Term(field(k.name()), k.value())), BooleanClause.Occur.SHOULD);
                }
                Query q = SearchService.filtered(
                        any.build(), saturatedSub(ts, windowMicros), saturatedAdd(ts, windowMicros));
                TopFieldDocs top = searcher.search(
                        q, new TopFieldCollectorManager(SearchService.sort(false), limit + 1, null, limit + 1));
                truncated = top.scoreDocs.length > limit;
                for (int i = 0; i < Math.min(limit, top.scoreDocs.length); i++) {
                    LogEvent e = IndexedEvents.load(searcher, stored, top.scoreDocs[i].doc);
                    seen.add(e.id());
                    hits.add(new Correlated.Hit(e, shared(keys, e), false));
                }
            }
            if (seen.add(anchor.id())) {
                hits.add(new Correlated.Hit(anchor, keys, false));
            }
            if (neighbourMicros > 0 && !anchor.host().isEmpty()) {
                BooleanQuery.Builder b = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(LogSchema.HOST, anchor.host())), BooleanClause.Occur.FILTER)
                        .add(new FieldExistsQuery(LogSchema.LAYER), BooleanClause.Occur.FILTER);
                if (!anchor.layer().isEmpty()) {
                    b.add(new TermQuery(new Term(LogSchema.LAYER, anchor.layer())), BooleanClause.Occur.MUST_NOT);
                }
                Query q = SearchService.filtered(
                        b.build(), saturatedSub(ts, neighbourMicros), saturatedAdd(ts, neighbourMicros));
                TopFieldDocs top = searcher.search(
                        q,
                        new TopFieldCollectorManager(SearchService.sort(false), MAX_NEIGHBOURS, null, MAX_NEIGHBOURS));
                for (ScoreDoc d : top.scoreDocs) {
                    LogEvent e = IndexedEvents.load(searcher, stored, d.doc);
                    if (seen.add(e.id())) {
                        hits.add(new Correlated.Hit(e, List.of(), true));
                    }
                }
            }
            hits.sort(Comparator.comparing(Correlated.Hit::event, TIME_ORDER));
            return Optional.of(new Correlated(anchor, keys, hits, truncated));
        } finally {
            index.release(searcher);
        }
    }

    /**
     * Every event of one key value in a time range; empty when there is none.
     *
     * @param limit the most events returned (within {@code 1..maxEvents}); the count and the error flag cover all
     */
    public Optional<Transaction> transaction(String name, String value, long fromMicros, long toMicros, int limit)
            throws IOException {
        checkLimit(limit);
        Query q = SearchService.filtered(new TermQuery(new Term(field(name), value)), fromMicros, toMicros);
        IndexSearcher searcher = index.acquire();
        try {
            StoredFields stored = searcher.storedFields();
            TopFieldDocs top = searcher.search(
                    q, new TopFieldCollectorManager(SearchService.sort(false), limit, null, Integer.MAX_VALUE));
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            List<LogEvent> events = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc d : top.scoreDocs) {
                events.add(IndexedEvents.load(searcher, stored, d.doc));
            }
            long count = top.totalHits.value();
            LogEvent last = events.get(events.size() - 1);
            if (count > events.size()) {
                TopFieldDocs newest =
                        searcher.search(q, new TopFieldCollectorManager(SearchService.sort(true), 1, null, 1));
                last = IndexedEvents.load(searcher, stored, newest.scoreDocs[0].doc);
            }
            Set<String> components = new LinkedHashSet<>();
            Set<String> sites = new LinkedHashSet<>();
            for (LogEvent e : events) {
                String c = component(e.component(), e.app());
                if (!c.isEmpty()) {
                    components.add(c);
                }
                sites.add(e.site());
            }
            Query errors = new BooleanQuery.Builder()
                    .add(q, BooleanClause.Occur.FILTER)
                    .add(
                            new TermInSetQuery(
                                    LogSchema.SEVERITY,
                                    ERROR_SEVERITIES.stream().map(BytesRef::new).toList()),
                            BooleanClause.Occur.FILTER)
                    .build();
            boolean error = searcher.count(errors) > 0;
            return Optional.of(new Transaction(
                    new Link(name, value),
                    count,
                    events,
                    events.get(0),
                    last,
                    List.copyOf(components),
                    List.copyOf(sites),
                    error));
        } finally {
            index.release(searcher);
        }
    }

    /** Transactions of a key, grouped by value and split by the request's span and pause limits. */
    public Transactions transactions(TransactionsRequest r) throws IOException {
        Query parsed = r.q().isBlank() ? new MatchAllDocsQuery() : search.parse(r.q());
        String field = field(r.key());
        Query q = SearchService.filtered(
                new BooleanQuery.Builder()
                        .add(parsed, BooleanClause.Occur.MUST)
                        .add(new FieldExistsQuery(field), BooleanClause.Occur.FILTER)
                        .build(),
                r.fromMicros(),
                r.toMicros());
        IndexSearcher searcher = index.acquire();
        try {
            Scan scan = searcher.search(q, new ScanManager(field, maxEvents));
            List<TransactionSummary> all = new ArrayList<>();
            List<Integer> firstDocs = new ArrayList<>();
            for (Map.Entry<String, List<Entry>> g : scan.groups.entrySet()) {
                List<Entry> entries = g.getValue();
                entries.sort(Comparator.comparingLong(Entry::ts));
                int from = 0;
                for (int i = 1; i <= entries.size(); i++) {
                    boolean split = i == entries.size()
                            || (r.maxPauseMicros() > 0
                                    && entries.get(i).ts() - entries.get(i - 1).ts() > r.maxPauseMicros())
                            || (r.maxSpanMicros() > 0
                                    && entries.get(i).ts() - entries.get(from).ts() > r.maxSpanMicros());
                    if (split) {
                        all.add(summary(g.getKey(), entries.subList(from, i)));
                        firstDocs.add(entries.get(from).doc());
                        from = i;
                    }
                }
            }
            List<Integer> order = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                order.add(i);
            }
            Comparator<Integer> by = switch (r.sort()) {
                case "count" ->
                    Comparator.comparingInt((Integer i) -> all.get(i).count());
                case "start" ->
                    Comparator.comparingLong((Integer i) -> all.get(i).startMicros());
                default -> Comparator.comparingLong((Integer i) -> all.get(i).durationMicros());
            };
            order.sort(by.reversed().thenComparing(i -> all.get(i).value()));
            StoredFields stored = searcher.storedFields();
            List<TransactionSummary> out = new ArrayList<>(Math.min(r.limit(), order.size()));
            for (int i : order.subList(0, Math.min(r.limit(), order.size()))) {
                TransactionSummary s = all.get(i);
                String message =
                        IndexedEvents.load(searcher, stored, firstDocs.get(i)).message();
                out.add(new TransactionSummary(
                        s.value(), s.count(), s.startMicros(), s.endMicros(), s.components(), s.error(), message));
            }
            return new Transactions(out, all.size(), scan.truncated);
        } finally {
            index.release(searcher);
        }
    }

    private void checkLimit(int limit) {
        if (limit < 1 || limit > maxEvents) {
            throw new IllegalArgumentException("limit must be within 1.." + maxEvents + "; got: " + limit);
        }
    }

    private static TransactionSummary summary(String value, List<Entry> entries) {
        Set<String> components = new LinkedHashSet<>();
        boolean error = false;
        for (Entry e : entries) {
            if (!e.component().isEmpty()) {
                components.add(e.component());
            }
            error |= e.severity() <= 3;
        }
        return new TransactionSummary(
                value,
                entries.size(),
                entries.get(0).ts(),
                entries.get(entries.size() - 1).ts(),
                List.copyOf(components),
                error,
                "");
    }

    static List<Link> links(LogEvent e) {
        List<Link> out = new ArrayList<>();
        e.correlation().forEach((name, values) -> values.forEach(v -> out.add(new Link(name, v))));
        return out;
    }

    private static List<Link> shared(List<Link> keys, LogEvent e) {
        List<Link> out = new ArrayList<>(1);
        for (Link k : keys) {
            List<String> values = e.correlation().get(k.name());
            if (values != null && values.contains(k.value())) {
                out.add(k);
            }
        }
        return out;
    }

    private static String component(String component, String app) {
        return component.isEmpty() ? app : component;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedSub(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    /** Time order as the search API sorts: timestamp, then site, then sequence. */
    static final Comparator<LogEvent> TIME_ORDER = Comparator.comparingLong(LogEvent::timestamp)
            .thenComparing(LogEvent::site)
            .thenComparingLong(e -> e.id().originSeq());

    /** One event of a transactions scan: doc values only. */
    private record Entry(long ts, int severity, String component, int doc) {}

    /** The groups of a transactions scan. */
    private static final class Scan {
        final Map<String, List<Entry>> groups = new HashMap<>();
        boolean truncated;
        int events;
    }

    /** Collects every matching event's key values, time, severity and component from doc values. */
    private static final class ScanManager implements CollectorManager<ScanCollector, Scan> {
        private final String field;
        private final int maxEvents;

        ScanManager(String field, int maxEvents) {
            this.field = field;
            this.maxEvents = maxEvents;
        }

        @Override
        public ScanCollector newCollector() {
            return new ScanCollector(field, maxEvents);
        }

        @Override
        public Scan reduce(Collection<ScanCollector> collectors) {
            Scan out = new Scan();
            for (ScanCollector c : collectors) {
                c.scan.groups.forEach((k, v) ->
                        out.groups.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
                out.truncated |= c.scan.truncated;
                out.events += c.scan.events;
            }
            out.truncated |= out.events > maxEvents;
            return out;
        }
    }

    private static final class ScanCollector implements Collector {
        final Scan scan = new Scan();
        private final String field;
        private final int maxEvents;

        ScanCollector(String field, int maxEvents) {
            this.field = field;
            this.maxEvents = maxEvents;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            if (scan.events >= maxEvents) {
                scan.truncated = true;
                throw new CollectionTerminatedException();
            }
            SortedSetDocValues keys = DocValues.getSortedSet(context.reader(), field);
            NumericDocValues ts = DocValues.getNumeric(context.reader(), LogSchema.TIMESTAMP);
            SortedDocValues severity = DocValues.getSorted(context.reader(), LogSchema.SEVERITY);
            SortedDocValues component = DocValues.getSorted(context.reader(), LogSchema.COMPONENT);
            SortedDocValues app = DocValues.getSorted(context.reader(), LogSchema.APP);
            Map<Long, String> values = new HashMap<>();
            int base = context.docBase;
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {}

                @Override
                public void collect(int doc) throws IOException {
                    if (scan.events >= maxEvents) {
                        scan.truncated = true;
                        throw new CollectionTerminatedException();
                    }
                    if (!keys.advanceExact(doc) || !ts.advanceExact(doc)) {
                        return;
                    }
                    int sev = severity.advanceExact(doc)
                            ? Integer.parseInt(
                                    severity.lookupOrd(severity.ordValue()).utf8ToString())
                            : 6;
                    String c = component.advanceExact(doc)
                            ? component.lookupOrd(component.ordValue()).utf8ToString()
                            : "";
                    if (c.isEmpty() && app.advanceExact(doc)) {
                        c = app.lookupOrd(app.ordValue()).utf8ToString();
                    }
                    Entry entry = new Entry(ts.longValue(), sev, c, base + doc);
                    for (int i = 0; i < keys.docValueCount(); i++) {
                        long ord = keys.nextOrd();
                        String v = values.get(ord);
                        if (v == null) {
                            v = keys.lookupOrd(ord).utf8ToString();
                            values.put(ord, v);
                        }
                        scan.groups.computeIfAbsent(v, x -> new ArrayList<>()).add(entry);
                    }
                    scan.events++;
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
