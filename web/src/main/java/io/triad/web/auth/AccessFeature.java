package io.triad.web.auth;

import io.triad.web.json.ApiErrors;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Set;

/**
 * Puts an authorization check in front of every resource method of the application, whatever its class or package:
 * the method's {@link Access} rule decides. No caller where one is needed: 401 with {@code WWW-Authenticate: Basic
 * realm="triad"} (left out when the request carries {@code X-Requested-With} or accepts only {@code
 * text/event-stream}, so a browser's fetch or EventSource gets no login dialog of its own), or 429 with {@code Retry-After} after too many failed attempts; a caller whose role is too
 * small: 403. A state-changing request (POST, PUT, PATCH, DELETE) authenticated by the session cookie must carry the
 * session's CSRF token in {@code X-CSRF-Token}, else 403. Every error body is the API's JSON error.
 *
 * <p>NOTE: runs after {@link AuthenticationFilter} ({@link Priorities#AUTHORIZATION}).
 */
final class AccessFeature implements DynamicFeature {
    /** The header of the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    static final String CHALLENGE = "Basic realm=\"triad\"";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    public void configure(ResourceInfo info, FeatureContext context) {
        Access access = Access.of(info.getResourceClass(), info.getResourceMethod());
        if (!access.isPublic()) {
            context.register(new Check(access), Priorities.AUTHORIZATION);
        }
    }

    /** The check of one resource method. */
    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {
        private final Access access;

        Check(Access access) {
            this.access = access;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            Caller caller = Caller.of(request.getSecurityContext());
            if (caller == null) {
                request.abortWith(unauthenticated(request));
                return;
            }
            if (caller.scheme() == Caller.Scheme.SESSION && STATE_CHANGING.contains(request.getMethod())) {
                String sent = request.getHeaderString(CSRF_HEADER);
                Session session = caller.session();
                String expected = session == null ? "" : session.csrfToken();
                if (sent == null || !Secrets.constantTimeEquals(sent, expected)) {
                    request.abortWith(ApiErrors.error(
                            403,
                            (sent == null ? "missing " : "wrong ") + CSRF_HEADER
                                    + " header: a " + request.getMethod()
                                    + " with the session cookie must send the session's CSRF token",
                            null));
                    return;
                }
            }
            if (!caller.role().includes(access.role())) {
                request.abortWith(ApiErrors.error(
                        403,
                        "this needs the role " + access.role().id() + " or higher; '" + caller.getName() + "' is "
                                + caller.role().id(),
                        null));
            }
        }

        private static Response unauthenticated(ContainerRequestContext request) {
            Object retry = request.getProperty(AuthenticationFilter.RETRY_AFTER);
            Object failure = request.getProperty(AuthenticationFilter.FAILURE);
            if (retry instanceof Long seconds) {
                return Response.fromResponse(ApiErrors.error(429, String.valueOf(failure), null))
                        .header(HttpHeaders.RETRY_AFTER, seconds)
                        .build();
            }
            String message = failure instanceof String s
                    ? s
                    : "authentication required: log in, or send Authorization: Bearer <token> or Basic";
            Response.ResponseBuilder r = Response.fromResponse(ApiErrors.error(401, message, null));
            String accept = request.getHeaderString(HttpHeaders.ACCEPT);
            boolean eventStream = accept != null && accept.contains("text/event-stream"); // EventSource sets no headers
            if (request.getHeaderString("X-Requested-With") == null && !eventStream) {
                r.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            }
            return r.build();
        }
    }
}
