package io.triad.search.query;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.LogIndex;
import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;

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
 * <p>The work is done by package-private parts, one per job: {@link PageSearcher} (pages and counts), {@link
 * HistogramCounter}, {@link FieldStatistics}, {@link SurroundingEvents}, all parsing through {@link QueryCostCheck}.
 *
 * <p>NOTE: thread safe; it holds no state but the index, the limits and the clock.
 */
public final class SearchService {

    /** Dynamic fields whose top values {@link #fields} reports, besides {@link LogSchema#FACETS}. */
    static final int MAX_DYNAMIC_STATS_FIELDS = FieldStatistics.MAX_DYNAMIC_FIELDS;

    private final LogIndex index;
    private final QueryCostCheck parser;
    private final PageSearcher pages;
    private final HistogramCounter histograms;
    private final FieldStatistics fieldStatistics;
    private final SurroundingEvents surrounding;

    public SearchService(LogIndex index, QueryLimits limits, Clock clock) {
        this.index = Objects.requireNonNull(index, "index");
        Objects.requireNonNull(limits, "limits");
        this.parser = new QueryCostCheck(limits, Objects.requireNonNull(clock, "clock"));
        this.pages = new PageSearcher(index, limits, parser);
        this.histograms = new HistogramCounter(index, parser);
        this.fieldStatistics = new FieldStatistics(index, parser);
        this.surrounding = new SurroundingEvents(index, limits);
    }

    /** A page of events matching the request, sorted by timestamp. */
    public SearchResult search(SearchRequest r) throws IOException {
        return pages.search(r);
    }

    /**
     * Counts matching events per time bucket over {@code [from, to]}.
     *
     * @param intervalMicros bucket width, or 0 to pick a round width giving at most 100 buckets (about 60 or more
     *     where a round width allows)
     */
    public Histogram histogram(String q, long from, long to, long intervalMicros) throws IOException {
        return histograms.histogram(q, from, to, intervalMicros);
    }

    /**
     * The top {@code topN} values of each keyword field with doc values ({@link LogSchema#FACETS} and the {@value
     * #MAX_DYNAMIC_STATS_FIELDS} dynamic fields held by most events) among events matching the query in {@code [from,
     * to]}. Severities are reported by name.
     */
    public FieldStats fields(String q, long from, long to, int topN) throws IOException {
        return fieldStatistics.fields(q, from, to, topN);
    }

    /** The event with that id, if the index holds it. */
    public Optional<LogEvent> get(EventId id) throws IOException {
        return surrounding.get(id);
    }

    /**
     * The events just before and after an event in time within a scope, oldest first, with the event itself
     * between them; empty when the index does not hold the event.
     */
    public List<LogEvent> surrounding(EventId id, int before, int after, Scope scope) throws IOException {
        return surrounding.surrounding(id, before, after, scope);
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
            return parser.parse(q, searcher);
        } finally {
            index.release(searcher);
        }
    }

    /** The query restricted to events with timestamps in {@code [from, to]} (microseconds). */
    public static Query filtered(Query query, long from, long to) {
        return TimeQueries.filtered(query, from, to);
    }

    /** Time order (ties broken by site and sequence), newest first when {@code desc}. */
    public static Sort sort(boolean desc) {
        return TimeQueries.sort(desc);
    }

    /** The round bucket width {@link #histogram} picks for a span when no interval is given. */
    static long autoInterval(long span) {
        return HistogramCounter.autoInterval(span);
    }
}
