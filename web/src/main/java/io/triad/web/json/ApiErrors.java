package io.triad.web.json;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the API reports errors: always JSON {@code {"error": "...", "status": 400, ...}} with the reason a person can
 * act on, never a stack trace.
 */
public final class ApiErrors {
    private ApiErrors() {}

    /** The exception mappers to register. */
    public static List<Object> mappers() {
        return List.of(new BadRequestMapper(), new WebErrorMapper());
    }

    /** A JSON error response. */
    public static Response error(int status, String message, @Nullable Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        if (details != null) {
            body.putAll(details);
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    /** Invalid parameters ({@link IllegalArgumentException}) are the client's error: 400 with the message. */
    static final class BadRequestMapper implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return error(400, String.valueOf(e.getMessage()), null);
        }
    }

    /** Jersey's own errors (404, 405, 415, ...) as JSON. */
    static final class WebErrorMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            if (r.hasEntity()) {
                return r;
            }
            String reason = r.getStatusInfo().getReasonPhrase();
            return error(r.getStatus(), e.getMessage() != null ? e.getMessage() : reason, null);
        }
    }
}
