package io.triad.web.api;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.query.Scope;
import io.triad.search.query.SearchService;
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
public final class EventsResource {
    private static final int MAX_SURROUNDING = 1000;

    private final SearchService search;

    public EventsResource(SearchService search) {
        this.search = search;
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

    private LogEvent find(String id) throws IOException {
        EventId eventId = EventId.parse(id);
        return search.get(eventId).orElseThrow(() -> new NotFoundException("no event with id " + id));
    }
}
