package io.triad.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.function.Supplier;

/** {@code GET /metrics} (viewer): the appliance's own meters in the Prometheus text exposition format 0.0.4. */
@Path("/metrics")
@RolesAllowed("viewer")
public final class MetricsResource {
    private final Supplier<String> scrape;

    public MetricsResource(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        return scrape.get();
    }
}
