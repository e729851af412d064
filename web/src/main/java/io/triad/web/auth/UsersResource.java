package io.triad.web.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/users} (admin): list, add and remove users. Passwords and tokens of existing users are changed with
 * {@code triad user passwd} and {@code triad user token}.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public final class UsersResource {
    private final UserStore store;
    private final CredentialCache cache;

    UsersResource(UserStore store, CredentialCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @GET
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (User u : store.users()) {
            Map<String, Object> m = view(u);
            m.put("tokens", store.tokenCount(u.name()));
            out.add(m);
        }
        return out;
    }

    /**
     * {@code {"username","password","role"}}: 201 with the user; 409 when the name is taken; 423 while the license
     * locks configuration.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ConfigurationChange
    public Response add(@Nullable String body) {
        JsonBody json = JsonBody.parse(body);
        String name = json.required("username");
        Role role = Role.parse(json.required("role"));
        char[] password = json.required("password").toCharArray();
        try {
            User user = store.addUser(name, role, password);
            return Response.status(201).entity(view(user)).build();
        } finally {
            UserStore.wipe(password);
        }
    }

    /** 204; 404 when there is no such user; 409 for the last admin; 423 while the license locks configuration. */
    @DELETE
    @Path("/{name}")
    @ConfigurationChange
    public Response remove(@PathParam("name") String name) {
        store.removeUser(name);
        cache.clear();
        return Response.noContent().build();
    }

    private static Map<String, Object> view(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.name());
        m.put("role", u.role().id());
        m.put("created", u.created().toString());
        return m;
    }
}
