package io.triad.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.glassfish.jersey.micrometer.server.DefaultJerseyTagsProvider;
import org.glassfish.jersey.micrometer.server.MetricsApplicationEventListener;

/**
 * HTTP server metrics by Jersey's own Micrometer support: a timer {@code http.server.requests} per method, URI
 * template, status and outcome (so {@code /api/v1/events/{id}} is one series, not one per id).
 */
public final class HttpMetrics {
    private HttpMetrics() {}

    /** The Jersey listener to register with the server's components. */
    public static Object listener(MeterRegistry registry) {
        return new MetricsApplicationEventListener(
                registry, new DefaultJerseyTagsProvider(), "http.server.requests", true);
    }
}
