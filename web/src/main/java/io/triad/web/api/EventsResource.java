package io.triad.web.api;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.correlation.Correlated;
import io.triad.search.correlation.CorrelationService;
import io.triad.search.query.Scope;
import io.triad.search.query.SearchService;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /api/v1/events/{id}}: one event by its id ({@code site:sequence}), and the events around it. */
@Path("/api/v1/events/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class EventsResource {
    private static final int MAX_SURROUNDING = 1000;

    private static final int MAX_CORRELATED = 10_000;

    private final SearchService search;
    private final CorrelationService correlation;

    public EventsResource(SearchService search, CorrelationService correlation) {
        this.search = search;
        this.correlation = correlation;
    }

    @GET
    public EventView event(@PathParam("id") String id) throws IOException {
        return EventView.of(find(id), null);
    }

    /**
     * The {@code before} events just before and the {@code after} events just after one event, in time order, on the
     * same host ({@code scope=host}, the default) or the same host, app and process ({@code scope=process}).
     */
    @GET
    @Path("/surrounding")
    public Map<String, Object> surrounding(
            @PathParam("id") String id,
            @QueryParam("before") @DefaultValue("20") int before,
            @QueryParam("after") @DefaultValue("20") int after,
            @QueryParam("scope") @DefaultValue("host") String scope)
            throws IOException {
        if (before < 0 || before > MAX_SURROUNDING || after < 0 || after > MAX_SURROUNDING) {
            throw new IllegalArgumentException(
                    "before and after must be within 0.." + MAX_SURROUNDING + "; got: " + before + " and " + after);
        }
        Scope s = switch (scope.toLowerCase(Locale.ROOT)) {
            case "host" -> Scope.HOST;
            case "process" -> Scope.HOST_APP_PROC;
            default -> throw new IllegalArgumentException("scope must be 'host' or 'process'; got: '" + scope + "'");
        };
        LogEvent anchor = find(id);
        List<EventView> events = new ArrayList<>();
        for (LogEvent e : search.surrounding(anchor.id(), before, after, s)) {
            events.add(EventView.of(e, null));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("anchor", anchor.id().toString());
        body.put("scope", scope.toLowerCase(Locale.ROOT));
        body.put("events", events);
        return body;
    }

    /**
     * Every event sharing a correlation key with this one within {@code window} before and after it, across sites,
     * components and layers, in time order, each with the keys that link it; plus the events of other layers on the
     * same host within {@code neighbours} (marked as neighbours).
     */
    @GET
    @Path("/correlated")
    public Map<String, Object> correlated(
            @PathParam("id") String id,
            @QueryParam("window") @DefaultValue("10m") String window,
            @QueryParam("neighbours") @DefaultValue("30s") String neighbours,
            @QueryParam("limit") @DefaultValue("1000") int limit)
            throws IOException {
        long start = System.nanoTime();
        if (limit < 1 || limit > MAX_CORRELATED) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_CORRELATED + "; got: " + limit);
        }
        long windowMicros = CorrelationResource.duration("window", window);
        long neighbourMicros = neighbours.equals("0") ? 0 : CorrelationResource.duration("neighbours", neighbours);
        Correlated c = correlation
                .correlated(EventId.parse(id), windowMicros, neighbourMicros, limit)
                .orElseThrow(() -> new NotFoundException("no event with id " + id));
        List<Map<String, Object>> hits = new ArrayList<>(c.hits().size());
        for (Correlated.Hit h : c.hits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", EventView.of(h.event(), null));
            m.put("links", h.links().stream().map(CorrelationResource::link).toList());
            m.put("neighbour", h.neighbour());
            hits.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", EventView.of(c.anchor(), null));
        body.put("keys", c.keys().stream().map(CorrelationResource::link).toList());
        body.put("window", window);
        body.put("hits", hits);
        body.put("truncated", c.truncated());
        body.put("took_ms", (System.nanoTime() - start) / 1_000_000);
        return body;
    }

    private LogEvent find(String id) throws IOException {
        EventId eventId = EventId.parse(id);
        return search.get(eventId).orElseThrow(() -> new NotFoundException("no event with id " + id));
    }
}
