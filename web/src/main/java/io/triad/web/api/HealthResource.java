package io.triad.web.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/health}: whether this appliance is up, with the state of its parts. Never requires
 * authentication (load balancers and the peer sites call it). Answers 200 when up, 503 when a part has failed.
 */
@Path("/api/v1/health")
@PermitAll
public final class HealthResource {
    private final Supplier<HealthReport> report;

    public HealthResource(Supplier<HealthReport> report) {
        this.report = report;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        HealthReport r = report.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.up() ? "up" : "down");
        body.putAll(r.details());
        return Response.status(r.up() ? 200 : 503).entity(body).build();
    }

    /**
     * One health answer.
     *
     * @param up whether every part works
     * @param details what each part reports, in the order to show
     */
    public record HealthReport(boolean up, Map<String, Object> details) {
        public HealthReport {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }
}
