package io.triad.web.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.triad.metrics.query.PromJson;
import io.triad.metrics.query.PromQlException;
import io.triad.metrics.query.QueryEngine;
import io.triad.metrics.query.QueryResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * PromQL over the appliance's metrics store in the shapes of Prometheus's HTTP API: {@code /api/v1/metrics/query}
 * and {@code /api/v1/metrics/query_range}. {@link PrometheusApiResource} answers the same under {@code
 * /prometheus/api/v1} for Grafana. Times are RFC 3339 or Unix seconds; steps a duration ({@code 15s}) or seconds.
 */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public final class MetricsQueryResource {
    private static final JsonFactory JSON = new JsonFactory();

    private final QueryEngine engine;
    private final Clock clock;

    public MetricsQueryResource(QueryEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @GET
    @Path("query")
    public Response query(@QueryParam("query") @Nullable String query, @QueryParam("time") @Nullable String time) {
        return instant(query, time);
    }

    @GET
    @Path("query_range")
    public Response queryRange(
            @QueryParam("query") @Nullable String query,
            @QueryParam("start") @Nullable String start,
            @QueryParam("end") @Nullable String end,
            @QueryParam("step") @Nullable String step,
            @HeaderParam("Cache-Control") @Nullable String cacheControl) {
        return range(query, start, end, step, cacheControl);
    }

    Response instant(@Nullable String query, @Nullable String time) {
        return answer(() -> {
            long t = time == null || time.isBlank() ? clock.millis() : timeMillis("time", time);
            return engine.instantQuery(required(query), t);
        });
    }

    /**
     * A range query; {@code Cache-Control: no-store} (or {@code no-cache}) evaluates every step afresh instead of
     * taking the settled past from the results cache, as Grafana Mimir's query-frontend does.
     */
    Response range(
            @Nullable String query,
            @Nullable String start,
            @Nullable String end,
            @Nullable String step,
            @Nullable String cacheControl) {
        boolean useCache =
                cacheControl == null || !(cacheControl.contains("no-store") || cacheControl.contains("no-cache"));
        return answer(() -> {
            if (start == null || end == null || step == null) {
                throw new IllegalArgumentException("start, end and step are required");
            }
            return engine.rangeQuery(
                    required(query), timeMillis("start", start), timeMillis("end", end), stepMillis(step), useCache);
        });
    }

    /** A query's result, or the error in Prometheus's shape with its status. */
    private interface Query {
        QueryResult run() throws IOException;
    }

    private static Response answer(Query query) {
        try {
            QueryResult result = query.run();
            StreamingOutput body = out -> {
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    PromJson.writeSuccess(result, g);
                }
            };
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (PromQlException e) {
            return error(e);
        } catch (IllegalArgumentException e) {
            return Response.status(400)
                    .entity(PromJson.error("bad_data", String.valueOf(e.getMessage())))
                    .build();
        } catch (IOException e) {
            return Response.status(500)
                    .entity(PromJson.error("internal", "the metrics store cannot be read: " + e.getMessage()))
                    .build();
        }
    }

    private static Response error(PromQlException e) {
        int status = switch (e.errorType()) {
            case "bad_data" -> 400;
            case "timeout" -> 503;
            default -> 422;
        };
        return Response.status(status).entity(PromJson.error(e)).build();
    }

    private static String required(@Nullable String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("parameter 'query' is required");
        }
        return query;
    }

    /** RFC 3339 or Unix seconds with an optional fraction. */
    static long timeMillis(String name, String text) {
        try {
            return new BigDecimal(text.trim()).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(text.trim()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(
                        "invalid parameter '" + name + "': cannot parse \"" + text + "\" to a valid timestamp", e2);
            }
        }
    }

    /** A duration ({@code 15s}, {@code 1m}) or seconds. */
    static long stepMillis(String text) {
        try {
            return new BigDecimal(text.trim()).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            return Intervals.parseMicros(text) / 1000;
        }
    }
}
