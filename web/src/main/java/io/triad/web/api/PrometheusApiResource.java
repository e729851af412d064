package io.triad.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metrics queries at the paths of Prometheus's HTTP API under {@code /prometheus}, so that Grafana can use a
 * site as a Prometheus data source (URL {@code http(s)://<site>:8080/prometheus}): {@code api/v1/query} and {@code
 * api/v1/query_range} by GET or form POST (Grafana's default), and {@code api/v1/status/buildinfo}.
 */
@Path("/prometheus/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class PrometheusApiResource {
    private final MetricsQueryResource queries;

    public PrometheusApiResource(MetricsQueryResource queries) {
        this.queries = queries;
    }

    @GET
    @Path("query")
    public Response query(@QueryParam("query") @Nullable String query, @QueryParam("time") @Nullable String time) {
        return queries.instant(query, time);
    }

    @POST
    @Path("query")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response queryPost(@FormParam("query") @Nullable String query, @FormParam("time") @Nullable String time) {
        return queries.instant(query, time);
    }

    @GET
    @Path("query_range")
    public Response queryRange(
            @QueryParam("query") @Nullable String query,
            @QueryParam("start") @Nullable String start,
            @QueryParam("end") @Nullable String end,
            @QueryParam("step") @Nullable String step,
            @HeaderParam("Cache-Control") @Nullable String cacheControl) {
        return queries.range(query, start, end, step, cacheControl);
    }

    @POST
    @Path("query_range")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response queryRangePost(
            @FormParam("query") @Nullable String query,
            @FormParam("start") @Nullable String start,
            @FormParam("end") @Nullable String end,
            @FormParam("step") @Nullable String step,
            @HeaderParam("Cache-Control") @Nullable String cacheControl) {
        return queries.range(query, start, end, step, cacheControl);
    }

    /** What Grafana asks to learn the server's flavour and version. */
    @GET
    @Path("status/buildinfo")
    public Map<String, Object> buildInfo() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", "2.42.0");
        data.put("application", "triad");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return body;
    }
}
