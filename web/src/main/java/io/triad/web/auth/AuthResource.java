package io.triad.web.auth;

import io.triad.web.json.ApiErrors;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.glassfish.jersey.server.ContainerRequest;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/auth}: log in (a session cookie and its CSRF token), log out, and who am I.
 *
 * <p>A failed login is a 401 (without a {@code WWW-Authenticate} challenge: the UI shows its own form), counted in
 * {@code triad.auth.failures} and in {@link LoginThrottle}; too many of them for one user from one address make
 * further attempts wait (429 with {@code Retry-After}).
 */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
    private final UserStore store;
    private final LoginThrottle throttle;
    private final AuthMeters meters;

    AuthResource(UserStore store, LoginThrottle throttle, AuthMeters meters) {
        this.store = store;
        this.throttle = throttle;
        this.meters = meters;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@Nullable String body, @Context ContainerRequest request) {
        JsonBody json = JsonBody.parse(body);
        String name = json.required("username");
        char[] password = json.required("password").toCharArray();
        try {
            String address = String.valueOf(request.getProperty(AuthenticationFilter.ADDRESS));
            Duration wait = throttle.waitFor(name, address);
            if (!wait.isZero()) {
                meters.failed("login", "throttled");
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                String message =
                        "too many failed logins of '" + name + "' from " + address + "; try again in " + seconds + " s";
                return Response.fromResponse(ApiErrors.error(429, message, null))
                        .header(HttpHeaders.RETRY_AFTER, seconds)
                        .build();
            }
            Optional<User> user = store.authenticate(name, password);
            if (user.isEmpty()) {
                throttle.failed(name, address);
                meters.failed("login", "bad_credentials");
                return ApiErrors.error(401, "wrong user name or password", null);
            }
            throttle.succeeded(name, address);
            meters.loggedIn();
            Session session = store.createSession(user.get());
            return Response.ok(describe(user.get(), session))
                    .header(
                            HttpHeaders.SET_COOKIE,
                            cookie(session.id(), request.getSecurityContext().isSecure()))
                    .build();
        } finally {
            UserStore.wipe(password);
        }
    }

    @POST
    @Path("/logout")
    @RolesAllowed("viewer")
    public Response logout(@Context ContainerRequest request) {
        Caller caller = Caller.of(request.getSecurityContext());
        Session session = caller == null ? null : caller.session();
        if (session != null) {
            store.endSession(session.id());
        }
        return Response.noContent()
                .header(
                        HttpHeaders.SET_COOKIE,
                        clearCookie(request.getSecurityContext().isSecure()))
                .build();
    }

    @GET
    @Path("/me")
    @RolesAllowed("viewer")
    public Map<String, Object> me(@Context ContainerRequest request) {
        Caller caller = Caller.of(request.getSecurityContext());
        if (caller == null) {
            throw new IllegalStateException("the access check lets no anonymous caller through to /auth/me");
        }
        return describe(caller.user(), caller.session());
    }

    private static Map<String, Object> describe(User user, @Nullable Session session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.name());
        body.put("role", user.role().id());
        if (session != null) {
            body.put("csrfToken", session.csrfToken());
        }
        return body;
    }

    /** The {@code Set-Cookie} value of a new session: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
    static String cookie(String sessionId, boolean secure) {
        return AuthenticationFilter.COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that deletes the session cookie. */
    static String clearCookie(boolean secure) {
        return AuthenticationFilter.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }
}
