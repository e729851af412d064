package io.triad.web.api;

import io.triad.collector.model.LogEvent;
import io.triad.search.correlation.CorrelationService;
import io.triad.search.correlation.Link;
import io.triad.search.correlation.Transaction;
import io.triad.search.correlation.TransactionSummary;
import io.triad.search.correlation.Transactions;
import io.triad.search.correlation.TransactionsRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/correlation/{name}/{value}}: one correlation key value as a transaction; {@code
 * /api/v1/transactions}: the transactions of a key, grouped like Splunk's {@code transaction}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class CorrelationResource {
    private final CorrelationService correlation;
    private final Clock clock;

    public CorrelationResource(CorrelationService correlation, Clock clock) {
        this.correlation = correlation;
        this.clock = clock;
    }

    @GET
    @Path("/correlation/{name}/{value}")
    public Map<String, Object> transaction(
            @PathParam("name") String name,
            @PathParam("value") String value,
            @QueryParam("from") @DefaultValue("now-7d") String from,
            @QueryParam("to") @DefaultValue("now") String to,
            @QueryParam("limit") @DefaultValue("1000") int limit)
            throws IOException {
        long start = System.nanoTime();
        Transaction t = correlation
                .transaction(name, value, time("from", from), time("to", to), limit)
                .orElseThrow(() -> new NotFoundException(
                        "no event with correlation key " + name + "=" + value + " between " + from + " and " + to));
        List<EventView> events = new ArrayList<>(t.events().size());
        for (LogEvent e : t.events()) {
            events.add(EventView.of(e, null));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", t.key().name());
        body.put("value", t.key().value());
        body.put("count", t.count());
        body.put("first", EventView.of(t.first(), null));
        body.put("last", EventView.of(t.last(), null));
        body.put("start", EventView.iso(t.first().timestamp()));
        body.put("end", EventView.iso(t.last().timestamp()));
        body.put("duration_ms", t.durationMicros() / 1000);
        body.put("components", t.components());
        body.put("sites", t.sites());
        body.put("error", t.error());
        body.put("events", events);
        body.put("took_ms", (System.nanoTime() - start) / 1_000_000);
        return body;
    }

    @GET
    @Path("/transactions")
    public Map<String, Object> transactions(
            @QueryParam("key") @DefaultValue("") String key,
            @QueryParam("q") @DefaultValue("") String q,
            @QueryParam("from") @DefaultValue("now-1h") String from,
            @QueryParam("to") @DefaultValue("now") String to,
            @QueryParam("maxspan") @DefaultValue("") String maxSpan,
            @QueryParam("maxpause") @DefaultValue("") String maxPause,
            @QueryParam("sort") @DefaultValue("duration") String sort,
            @QueryParam("limit") @DefaultValue("100") int limit)
            throws IOException {
        long start = System.nanoTime();
        if (key.isBlank()) {
            throw new IllegalArgumentException("key is required: the correlation key to group by, e.g. key=alarm_id");
        }
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be within 1..10000; got: " + limit);
        }
        Transactions r = correlation.transactions(new TransactionsRequest(
                key,
                q,
                time("from", from),
                time("to", to),
                maxSpan.isEmpty() ? 0 : duration("maxspan", maxSpan),
                maxPause.isEmpty() ? 0 : duration("maxpause", maxPause),
                sort,
                limit));
        List<Map<String, Object>> out = new ArrayList<>(r.transactions().size());
        for (TransactionSummary t : r.transactions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", t.value());
            m.put("count", t.count());
            m.put("start", EventView.iso(t.startMicros()));
            m.put("end", EventView.iso(t.endMicros()));
            m.put("duration_ms", t.durationMicros() / 1000);
            m.put("components", t.components());
            m.put("error", t.error());
            m.put("first_message", t.firstMessage());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("total", r.total());
        body.put("transactions", out);
        body.put("truncated", r.truncated());
        body.put("took_ms", (System.nanoTime() - start) / 1_000_000);
        return body;
    }

    /** The JSON of a link. */
    static Map<String, String> link(Link l) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("value", l.value());
        return m;
    }

    static long duration(String name, String text) {
        try {
            return Intervals.parseMicros(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private long time(String name, String text) {
        return Intervals.time(name, text, clock);
    }
}
