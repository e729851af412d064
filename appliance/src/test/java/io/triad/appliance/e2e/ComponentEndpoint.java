package io.triad.appliance.e2e;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.triad.appliance.config.ScrapeSection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * A backbone component as the appliance sees it: a Grizzly HTTP server on loopback whose {@code /metrics} renders a
 * Micrometer registry with the JVM, CPU and uptime meters and Spring Boot's {@code http.server.requests} timer (with
 * its percentile histogram), timing its own requests, so a scrape target with {@code component} set has real series.
 *
 * <p>NOTE: not thread safe to start and close concurrently; {@link #close()} stops the server and the registry.
 */
final class ComponentEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final NetworkListener listener;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private ComponentEndpoint(HttpServer server, NetworkListener listener) {
        this.server = server;
        this.listener = listener;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Starts the endpoint on an ephemeral loopback port. */
    static ComponentEndpoint start() throws IOException {
        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener("component", "127.0.0.1", 0);
        server.addListener(listener);
        ComponentEndpoint c = new ComponentEndpoint(server, listener);
        server.getServerConfiguration()
                .addHttpHandler(
                        new HttpHandler() {
                            @Override
                            public void service(Request request, Response response) throws IOException {
                                c.serve(request, response);
                            }
                        },
                        "/metrics");
        server.start();
        return c;
    }

    /** A scrape section for the appliance's config: this endpoint as {@code job} with the {@code component} label. */
    ScrapeSection scrapeSection(String job, String component, int intervalSeconds) {
        return new ScrapeSection(
                job, "http://127.0.0.1:" + listener.getPort() + "/metrics", component, "", intervalSeconds, "");
    }

    private void serve(Request request, Response response) throws IOException {
        Timer.Sample sample = Timer.start(registry);
        String method = request.getMethod().getMethodString();
        int status = "GET".equals(method) ? 200 : 405;
        try {
            byte[] body = (status == 200 ? registry.scrape() : "GET only\n").getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType("text/plain; version=0.0.4; charset=utf-8");
            response.setContentLength(body.length);
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        } finally {
            sample.stop(Timer.builder("http.server.requests")
                    .description("HTTP requests served")
                    .tag("method", method)
                    .tag("uri", "/metrics")
                    .tag("status", String.valueOf(status))
                    .tag("outcome", status < 400 ? "SUCCESS" : "CLIENT_ERROR")
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        gc.close();
        registry.close();
    }
}
