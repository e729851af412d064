package io.triad.web.api;

import io.triad.search.query.FieldStats;
import io.triad.search.query.Histogram;
import io.triad.search.query.SearchRequest;
import io.triad.search.query.SearchResult;
import io.triad.search.query.SearchService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/search}: pages of events matching a query in a time range, histograms over time and top values of
 * the keyword fields.
 *
 * <p>{@code q} is Lucene classic syntax (default field {@code message}; empty matches everything); {@code from} and
 * {@code to} are ISO 8601 instants or relative expressions such as {@code now-15m} (defaults: the last 15 minutes).
 * A query that does not parse, or one over its cost limit, is a 400 whose {@code error} says why.
 */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class SearchResource {
    private final SearchService search;
    private final Clock clock;
    private final int defaultLimit;

    public SearchResource(SearchService search, Clock clock, int defaultLimit) {
        this.search = search;
        this.clock = clock;
        this.defaultLimit = defaultLimit;
    }

    @GET
    public Map<String, Object> search(
            @QueryParam("q") @DefaultValue("") String q,
            @QueryParam("from") @DefaultValue("now-15m") String from,
            @QueryParam("to") @DefaultValue("now") String to,
            @QueryParam("limit") @Nullable Integer limit,
            @QueryParam("sort") @DefaultValue("desc") String sort,
            @QueryParam("cursor") @Nullable String cursor)
            throws IOException {
        SearchResult r = search.search(new SearchRequest(
                q,
                time("from", from),
                time("to", to),
                limit == null ? defaultLimit : limit,
                sort.toLowerCase(Locale.ROOT),
                cursor == null || cursor.isEmpty() ? null : cursor));
        List<EventView> hits = new ArrayList<>(r.hits().size());
        for (SearchResult.Hit h : r.hits()) {
            List<int[]> spans = new ArrayList<>(h.highlights().size());
            h.highlights().forEach(s -> spans.add(new int[] {s.start(), s.end()}));
            hits.add(EventView.of(h.event(), spans));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", r.total());
        body.put("total_is_lower_bound", r.totalIsLowerBound());
        body.put("hits", hits);
        body.put("cursor", r.cursor());
        body.put("took_ms", r.tookMs());
        return body;
    }

    @GET
    @Path("/histogram")
    public Map<String, Object> histogram(
            @QueryParam("q") @DefaultValue("") String q,
            @QueryParam("from") @DefaultValue("now-15m") String from,
            @QueryParam("to") @DefaultValue("now") String to,
            @QueryParam("interval") @Nullable String interval)
            throws IOException {
        long start = System.nanoTime();
        Histogram h = search.histogram(
                q, time("from", from), time("to", to), interval == null ? 0 : Intervals.parseMicros(interval));
        List<Map<String, Object>> buckets = new ArrayList<>(h.buckets().size());
        for (Histogram.Bucket b : h.buckets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", EventView.iso(b.start()));
            m.put("start_ms", b.start() / 1000);
            m.put("count", b.count());
            buckets.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("interval", Intervals.format(h.intervalMicros()));
        body.put("interval_ms", h.intervalMicros() / 1000);
        body.put("total", h.total());
        body.put("buckets", buckets);
        body.put("took_ms", (System.nanoTime() - start) / 1_000_000);
        return body;
    }

    @GET
    @Path("/fields")
    public Map<String, Object> fields(
            @QueryParam("q") @DefaultValue("") String q,
            @QueryParam("from") @DefaultValue("now-15m") String from,
            @QueryParam("to") @DefaultValue("now") String to,
            @QueryParam("top") @DefaultValue("10") int top)
            throws IOException {
        if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("top must be within 1..1000; got: " + top);
        }
        long start = System.nanoTime();
        FieldStats stats = search.fields(q, time("from", from), time("to", to), top);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", stats.matched());
        body.put("fields", stats.fields());
        body.put("took_ms", (System.nanoTime() - start) / 1_000_000);
        return body;
    }

    private long time(String name, String text) {
        return Intervals.time(name, text, clock);
    }
}
