package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry Java SDK's OTLP/HTTP metric exporter (protobuf, gzip) sends a counter, a histogram and a gauge to
 * {@code /v1/metrics}; each is queryable with PromQL under its Prometheus name, with the appliance's site and the
 * host and component of the SDK's resource.
 */
class OtlpMetricsSdkIT {
    @TempDir
    Path dir;

    @Test
    void sdkMetricsAreQueryableWithSiteHostAndComponent() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + triad.port("otlp-http") + "/v1/metrics")
                    .setCompression("gzip")
                    .build();
            Resource resource = Resource.getDefault()
                    .merge(Resource.create(Attributes.of(
                            AttributeKey.stringKey("service.name"), "alarm-engine",
                            AttributeKey.stringKey("host.name"), "eap-node-1")));
            SdkMeterProvider provider = SdkMeterProvider.builder()
                    .setResource(resource)
                    .registerMetricReader(PeriodicMetricReader.builder(exporter)
                            .setInterval(Duration.ofHours(1))
                            .build())
                    .build();
            try {
                Meter meter = provider.get("io.example.alarms");
                LongCounter raised =
                        meter.counterBuilder("alarms.raised").setUnit("{alarm}").build();
                DoubleHistogram latency =
                        meter.histogramBuilder("alarm.latency").setUnit("s").build();
                meter.gaugeBuilder("alarm.queue.depth").buildWithCallback(m -> m.record(17));
                raised.add(3, Attributes.of(AttributeKey.stringKey("severity"), "major"));
                raised.add(2, Attributes.of(AttributeKey.stringKey("severity"), "major"));
                raised.add(1, Attributes.of(AttributeKey.stringKey("severity"), "minor"));
                latency.record(0.2);
                latency.record(0.7);
                latency.record(30);
                assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                        .as("the export succeeded")
                        .isTrue();
            } finally {
                provider.shutdown().join(10, TimeUnit.SECONDS);
            }

            JsonNode major = single(triad, "alarms_raised_total{severity=\"major\"}");
            assertThat(major.path("metric").path("site").asText()).isEqualTo("site-a");
            assertThat(major.path("metric").path("host").asText()).isEqualTo("eap-node-1");
            assertThat(major.path("metric").path("component").asText()).isEqualTo("alarm-engine");
            assertThat(major.path("metric").path("job").asText()).isEqualTo("alarm-engine");
            assertThat(major.path("metric").path("otel_scope_name").asText()).isEqualTo("io.example.alarms");
            assertThat(major.path("value").get(1).asDouble()).isEqualTo(5);

            assertThat(single(triad, "sum(alarms_raised_total)")
                            .path("value")
                            .get(1)
                            .asDouble())
                    .isEqualTo(6);
            assertThat(single(triad, "alarm_latency_seconds_count")
                            .path("value")
                            .get(1)
                            .asDouble())
                    .isEqualTo(3);
            assertThat(single(triad, "alarm_latency_seconds_sum")
                            .path("value")
                            .get(1)
                            .asDouble())
                    .isCloseTo(30.9, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(single(triad, "alarm_latency_seconds_bucket{le=\"+Inf\"}")
                            .path("value")
                            .get(1)
                            .asDouble())
                    .isEqualTo(3);
            assertThat(single(triad, "alarm_latency_seconds_bucket{le=\"5\"}")
                            .path("value")
                            .get(1)
                            .asDouble())
                    .as("0.2 and 0.7 are at most 5 (the SDK default buckets)")
                    .isEqualTo(2);
            JsonNode depth = single(triad, "alarm_queue_depth");
            assertThat(depth.path("value").get(1).asDouble()).isEqualTo(17);
            assertThat(depth.path("metric").path("host").asText()).isEqualTo("eap-node-1");

            HttpResponse<String> self = triad.metrics();
            java.util.regex.Matcher stored = java.util.regex.Pattern.compile(
                            "triad_metrics_intake_samples_total\\{protocol=\"otlp\",site=\"site-a\"} ([0-9.]+)")
                    .matcher(self.body());
            assertThat(stored.find()).as("the intake's sample counter").isTrue();
            // 2 counter series, 16 buckets with sum and count, 1 gauge; per export (the flush, and the shutdown's)
            assertThat(Double.parseDouble(stored.group(1))).isIn(21.0, 42.0);
        }
    }

    @Test
    void answersOtlpJsonAndABadBodyInTheOtlpWay() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            URI uri = URI.create("http://127.0.0.1:" + triad.port("otlp-http") + "/v1/metrics");
            long nanos = System.currentTimeMillis() * 1_000_000L;
            String json = String.format(java.util.Locale.ROOT, """
                    {"resourceMetrics": [{"resource": {"attributes": [
                      {"key": "service.name", "value": {"stringValue": "curl"}}]},
                     "scopeMetrics": [{"metrics": [
                      {"name": "json.gauge", "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asDouble": 2.5}]}},
                      {"name": "json.delta", "sum": {"aggregationTemporality": 1, "isMonotonic": true,
                       "dataPoints": [{"timeUnixNano": "%d", "asInt": "1"}]}}]}]}]}
                    """, nanos, nanos);
            HttpResponse<String> ok = triad.http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"rejectedDataPoints\":\"1\"").contains("CUMULATIVE");
            JsonNode gauge = single(triad, "json_gauge");
            assertThat(gauge.path("value").get(1).asDouble()).isEqualTo(2.5);
            assertThat(gauge.path("metric").path("host").asText()).isEqualTo("127.0.0.1");
            assertThat(gauge.path("metric").path("component").asText()).isEqualTo("curl");

            HttpResponse<String> bad = triad.http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("[1]"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).startsWith("{\"code\":3,").contains("must be an object");

            HttpResponse<String> type = triad.http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(type.statusCode()).isEqualTo(415);
        }
    }

    /** Polls a PromQL query until it has exactly one result, and returns it. */
    static JsonNode single(RunningAppliance triad, String query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode r;
        do {
            r = triad.get("/metrics/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            if (r.path("data").path("result").size() == 1) {
                return r.path("data").path("result").get(0);
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected one result for " + query + " within 15 s; last: " + r);
    }
}
