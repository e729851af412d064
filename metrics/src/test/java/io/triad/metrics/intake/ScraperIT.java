package io.triad.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.triad.metrics.model.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scrape of a real Micrometer-instrumented endpoint on loopback, then of the same endpoint gone. */
class ScraperIT {
    record Point(Labels labels, long ts, double value) {}

    @Test
    void aMicrometerEndpointIsScrapedWithTheTargetsLabelsAndUp() throws Exception {
        PrometheusMeterRegistry component = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter alarms =
                Counter.builder("eap.alarms.raised").description("alarms").register(component);
        alarms.increment(42);
        Timer.builder("eap.dispatch")
                .description("dispatch")
                .register(component)
                .record(Duration.ofMillis(7));
        // a minimal HTTP/1.1 endpoint on a real loopback socket: one response per connection
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread serving = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket c = server.accept()) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // request line and headers
                    }
                    byte[] body = component.scrape().getBytes(StandardCharsets.UTF_8);
                    OutputStream out = c.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: "
                                    + body.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        List<Point> points = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T07:00:00Z"), ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String url = "http://127.0.0.1:" + server.getLocalPort() + "/metrics";
        ScrapeTarget target = new ScrapeTarget(
                "eap",
                "127.0.0.1:" + server.getLocalPort(),
                Map.of("site", "site-b", "host", "eap-b1", "component", "EAP"),
                Duration.ofSeconds(15),
                new HttpFetch(URI.create(url), Duration.ofSeconds(5), 10 << 20, null));
        try (Scraper scraper =
                new Scraper(List.of(target), (l, ts, v) -> points.add(new Point(l, ts, v)), clock, registry)) {
            int written = scraper.scrape(target);
            assertThat(written).isPositive();
            Point raised = points.stream()
                    .filter(p -> p.labels().name().equals("eap_alarms_raised_total"))
                    .findFirst()
                    .orElseThrow();
            assertThat(raised.value()).isEqualTo(42.0);
            assertThat(raised.ts()).isEqualTo(clock.millis());
            assertThat(raised.labels().asMap())
                    .containsEntry("site", "site-b")
                    .containsEntry("host", "eap-b1")
                    .containsEntry("component", "EAP");
            assertThat(points).anyMatch(p -> p.labels().name().equals("eap_dispatch_seconds_count") && p.value() == 1);
            assertThat(up(points)).isEqualTo(1.0);

            server.close();
            serving.join();
            points.clear();
            assertThat(scraper.scrape(target)).isZero();
            assertThat(up(points)).isEqualTo(0.0);
            assertThat(registry.get("triad.scrape.errors")
                            .tag("reason", "fetch")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        } finally {
            server.close();
        }
    }

    private static double up(List<Point> points) {
        return points.stream()
                .filter(p -> p.labels().name().equals("up"))
                .findFirst()
                .orElseThrow()
                .value();
    }
}
