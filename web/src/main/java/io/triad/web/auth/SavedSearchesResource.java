package io.triad.web.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/saved-searches} (viewer): the caller's own saved searches; nobody sees or deletes another user's.
 */
@Path("/api/v1/saved-searches")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class SavedSearchesResource {
    private final UserStore store;

    SavedSearchesResource(UserStore store) {
        this.store = store;
    }

    @GET
    public List<Map<String, Object>> list(@Context SecurityContext security) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SavedSearch s : store.savedSearches(caller(security))) {
            out.add(view(s));
        }
        return out;
    }

    /** {@code {"name","query","from","to","state"}} (only {@code name} required): 201 with its id. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(@Nullable String body, @Context SecurityContext security) {
        JsonBody json = JsonBody.parse(body);
        SavedSearch s = store.saveSearch(
                caller(security),
                json.required("name"),
                json.text("query", ""),
                json.text("from", "now-15m"),
                json.text("to", "now"),
                json.text("state", ""));
        return Response.status(201).entity(view(s)).build();
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        if (!store.deleteSavedSearch(caller(security), id)) {
            throw new NotFoundException("no saved search " + id + " of yours");
        }
        return Response.noContent().build();
    }

    private static String caller(SecurityContext security) {
        Caller c = Caller.of(security);
        if (c == null) {
            throw new IllegalStateException("the access check lets no anonymous caller through to saved searches");
        }
        return c.getName();
    }

    private static Map<String, Object> view(SavedSearch s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("query", s.query());
        m.put("from", s.from());
        m.put("to", s.to());
        m.put("state", s.state());
        m.put("created", s.created().toString());
        return m;
    }
}
