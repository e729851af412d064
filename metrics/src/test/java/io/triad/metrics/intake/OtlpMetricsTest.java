package io.triad.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpMetricsTest {
    private static final long T = 1_700_000_000_000L;
    private static final long T_NANOS = T * 1_000_000L + 123_456L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OtlpMetrics otlp = new OtlpMetrics("site-a", IntakeLimits.defaults(), registry);
    private final RecordingSampleSink sink = new RecordingSampleSink();

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static NumberDataPoint.Builder point(double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder()
                .setTimeUnixNano(T_NANOS)
                .setAsDouble(value)
                .addAllAttributes(List.of(attributes));
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("service.name", "alarm-engine"))
                                .addAttributes(attr("service.namespace", "nms"))
                                .addAttributes(attr("service.instance.id", "engine-7"))
                                .addAttributes(attr("host.name", "eap-node-1"))
                                .addAttributes(attr("process.pid", "4711")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder()
                                        .setName("io.example.alarms")
                                        .setVersion("1.2"))
                                .addAllMetrics(List.of(metrics))))
                .build();
    }

    private static Metric counter(String name, String unit, NumberDataPoint.Builder... points) {
        Sum.Builder sum = Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (NumberDataPoint.Builder p : points) {
            sum.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setUnit(unit).setSum(sum).build();
    }

    private HttpAnswer post(ExportMetricsServiceRequest request) {
        return otlp.handle(OtlpMetrics.PROTOBUF, request.toByteArray(), "10.1.1.1", T + 5000, sink);
    }

    private static ExportMetricsServiceResponse response(HttpAnswer a) {
        try {
            return ExportMetricsServiceResponse.parseFrom(a.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mapsAMonotonicSumToACounterWithUnitAndTotalAndTheResourceToJobInstanceHostComponent() {
        HttpAnswer a =
                post(request(counter("http.server.request.size", "By", point(2048, attr("http.method", "GET")))));

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(OtlpMetrics.PROTOBUF);
        assertThat(response(a).hasPartialSuccess()).isFalse();
        RecordingSampleSink.Sample s = sink.one("http_server_request_size_bytes_total");
        assertThat(s.labels().asMap())
                .containsEntry("http_method", "GET")
                .containsEntry("job", "nms/alarm-engine")
                .containsEntry("instance", "engine-7")
                .containsEntry("host", "eap-node-1")
                .containsEntry("component", "alarm-engine")
                .containsEntry("site", "site-a")
                .containsEntry("otel_scope_name", "io.example.alarms")
                .containsEntry("otel_scope_version", "1.2")
                .doesNotContainKey("process_pid");
        assertThat(s.ts()).isEqualTo(T);
        assertThat(s.value()).isEqualTo(2048);
        assertThat(registry.get("triad.metrics.intake.samples").counter().count())
                .isEqualTo(1);
    }

    @Test
    void mapsGaugesAndNonMonotonicSumsToGauges() {
        Metric ratio = Metric.newBuilder()
                .setName("cpu.utilization")
                .setUnit("1")
                .setGauge(Gauge.newBuilder().addDataPoints(point(0.25)))
                .build();
        Metric queue = Metric.newBuilder()
                .setName("alarm.queue.depth")
                .setUnit("{alarm}")
                .setSum(Sum.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(NumberDataPoint.newBuilder().setAsInt(17)))
                .build();

        post(request(ratio, queue));

        assertThat(sink.one("cpu_utilization_ratio").value()).isEqualTo(0.25);
        RecordingSampleSink.Sample depth = sink.one("alarm_queue_depth");
        assertThat(depth.value()).isEqualTo(17);
        assertThat(depth.ts())
                .as("a point without a time gets the receive time")
                .isEqualTo(T + 5000);
    }

    @Test
    void mapsAHistogramToCumulativeBucketsSumAndCount() {
        Metric duration = Metric.newBuilder()
                .setName("http.server.duration")
                .setUnit("ms")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .setTimeUnixNano(T_NANOS)
                                .addAllExplicitBounds(List.of(0.5, 10.0))
                                .addAllBucketCounts(List.of(3L, 4L, 1L))
                                .setCount(8)
                                .setSum(42.5)
                                .addAttributes(attr("route", "/alarms"))))
                .build();

        post(request(duration));

        String name = "http_server_duration_milliseconds";
        assertThat(sink.one(name + "_bucket", "le", "0.5", "route", "/alarms").value())
                .isEqualTo(3);
        assertThat(sink.one(name + "_bucket", "le", "10").value()).isEqualTo(7);
        assertThat(sink.one(name + "_bucket", "le", "+Inf").value()).isEqualTo(8);
        assertThat(sink.one(name + "_sum").value()).isEqualTo(42.5);
        assertThat(sink.one(name + "_count").value()).isEqualTo(8);
        assertThat(sink.samples).hasSize(5);
    }

    @Test
    void mapsASummaryToQuantilesSumAndCount() {
        Metric latency = Metric.newBuilder()
                .setName("rpc.latency")
                .setUnit("s")
                .setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.newBuilder()
                                .setTimeUnixNano(T_NANOS)
                                .setCount(10)
                                .setSum(2.5)
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                        .setQuantile(0.5)
                                        .setValue(0.2))
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                        .setQuantile(0.99)
                                        .setValue(0.9))))
                .build();

        post(request(latency));

        assertThat(sink.one("rpc_latency_seconds", "quantile", "0.5").value()).isEqualTo(0.2);
        assertThat(sink.one("rpc_latency_seconds", "quantile", "0.99").value()).isEqualTo(0.9);
        assertThat(sink.one("rpc_latency_seconds_sum").value()).isEqualTo(2.5);
        assertThat(sink.one("rpc_latency_seconds_count").value()).isEqualTo(10);
    }

    @Test
    void refusesDeltaSumsAndExponentialHistogramsAsAPartialSuccessAndKeepsTheRest() {
        Metric delta = Metric.newBuilder()
                .setName("requests")
                .setSum(Sum.newBuilder()
                        .setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(point(1))
                        .addDataPoints(point(2)))
                .build();
        Metric exponential = Metric.newBuilder()
                .setName("sizes")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(
                                ExponentialHistogramDataPoint.newBuilder().setCount(1)))
                .build();

        HttpAnswer a = post(request(delta, exponential, counter("ok", "", point(1))));

        assertThat(a.status()).isEqualTo(200);
        ExportMetricsServiceResponse r = response(a);
        assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(3);
        assertThat(r.getPartialSuccess().getErrorMessage())
                .contains("metric requests: aggregation temporality must be CUMULATIVE; got: DELTA")
                .contains("2 more refused");
        assertThat(sink.samples).extracting(s -> s.labels().name()).containsExactly("ok_total");
        assertThat(registry.get("triad.metrics.intake.rejected")
                        .tag("protocol", "otlp")
                        .tag("reason", "unsupported")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void refusesAHistogramPointWithMismatchedBuckets() {
        Metric bad = Metric.newBuilder()
                .setName("h")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .addAllExplicitBounds(List.of(1.0, 2.0))
                                .addAllBucketCounts(List.of(1L, 1L))
                                .setCount(2)))
                .build();

        HttpAnswer a = post(request(bad));

        assertThat(response(a).getPartialSuccess().getErrorMessage())
                .contains("one bucket count more than bounds; got 2 counts and 2 bounds");
        assertThat(sink.samples).isEmpty();
    }

    @Test
    void writesAStaleMarkerForAPointWithoutARecordedValue() {
        post(request(counter("gone", "", point(0).setFlags(1))));

        assertThat(Double.doubleToRawLongBits(sink.one("gone_total").value())).isEqualTo(0x7ff0000000000002L);
    }

    @Test
    void decodesOtlpJsonWithStringAndNumberInt64sAndIntegerEnums() {
        String json = String.format(java.util.Locale.ROOT, """
                {"resourceMetrics": [{
                  "resource": {"attributes": [
                    {"key": "service.name", "value": {"stringValue": "eap"}},
                    {"key": "triad.component", "value": {"stringValue": "EAP"}}]},
                  "unknownField": {"ignored": true},
                  "scopeMetrics": [{"scope": {"name": "s"}, "metrics": [
                    {"name": "jvm.threads", "unit": "{thread}",
                     "sum": {"aggregationTemporality": 2, "isMonotonic": false, "dataPoints": [
                       {"timeUnixNano": "%d", "asInt": "42",
                        "attributes": [{"key": "daemon", "value": {"boolValue": true}}]}]}},
                    {"name": "latency", "unit": "s",
                     "histogram": {"aggregationTemporality": "AGGREGATION_TEMPORALITY_CUMULATIVE", "dataPoints": [
                       {"timeUnixNano": %d, "count": 3, "sum": 1.5, "explicitBounds": [1],
                        "bucketCounts": ["2", 1],
                        "exemplars": [{"traceId": "5b8efff798038103d269b633813fc60c", "asDouble": 1}]}]}}
                  ]}]}]}
                """, T_NANOS, T_NANOS);

        HttpAnswer a = otlp.handle(OtlpMetrics.JSON, json.getBytes(StandardCharsets.UTF_8), "10.1.1.1", T, sink);

        assertThat(a.status()).as(a.bodyText()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo(OtlpMetrics.JSON);
        assertThat(a.bodyText()).isEqualTo("{}");
        RecordingSampleSink.Sample threads = sink.one("jvm_threads", "daemon", "true");
        assertThat(threads.value()).isEqualTo(42);
        assertThat(threads.ts()).isEqualTo(T);
        assertThat(threads.labels().get("component")).isEqualTo("EAP");
        assertThat(threads.labels().get("host"))
                .as("the sender, without host.name")
                .isEqualTo("10.1.1.1");
        assertThat(sink.one("latency_seconds_bucket", "le", "1").value()).isEqualTo(2);
        assertThat(sink.one("latency_seconds_bucket", "le", "+Inf").value()).isEqualTo(3);
    }

    @Test
    void answersJsonPartialSuccessInJson() {
        String json = """
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [
                  {"name": "d", "sum": {"aggregationTemporality": 1, "dataPoints": [{"asDouble": 1}]}}]}]}]}
                """;

        HttpAnswer a = otlp.handle(OtlpMetrics.JSON, json.getBytes(StandardCharsets.UTF_8), "", T, sink);

        assertThat(a.bodyText()).contains("\"partialSuccess\":{\"rejectedDataPoints\":\"1\"");
    }

    @Test
    void answersABadBodyWith400AndAGoogleRpcStatusInTheRequestEncoding() {
        HttpAnswer proto = otlp.handle(OtlpMetrics.PROTOBUF, new byte[] {0x0a, 0x7f}, "", T, sink);
        assertThat(proto.status()).isEqualTo(400);
        assertThat(proto.contentType()).isEqualTo(OtlpMetrics.PROTOBUF);
        assertThat(new String(proto.body(), StandardCharsets.UTF_8)).contains("ExportMetricsServiceRequest");

        HttpAnswer json = otlp.handle(
                OtlpMetrics.JSON,
                "{\"resourceMetrics\": [{\"scopeMetrics\": {\"x\": 1}}]}".getBytes(StandardCharsets.UTF_8),
                "",
                T,
                sink);
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.bodyText())
                .startsWith("{\"code\":3,")
                .contains("resourceMetrics[0].scopeMetrics must be an array");

        HttpAnswer notJson = otlp.handle(OtlpMetrics.JSON, "{".getBytes(StandardCharsets.UTF_8), "", T, sink);
        assertThat(notJson.bodyText()).contains("body must be JSON");

        HttpAnswer badInt = otlp.handle(
                OtlpMetrics.JSON,
                "{\"resourceMetrics\": [{\"scopeMetrics\": [{\"metrics\": [{\"gauge\": {\"dataPoints\": [{\"asInt\": \"x\"}]}}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8),
                "",
                T,
                sink);
        assertThat(badInt.bodyText()).contains("dataPoints[0].asInt must be an integer");
        assertThat(sink.samples).isEmpty();
        assertThat(registry.get("triad.metrics.intake.requests")
                        .tag("outcome", "400")
                        .counter()
                        .count())
                .isEqualTo(4);
    }

    @Test
    void refusesMoreDataPointsThanTheLimitAndTooLargeBodies() {
        OtlpMetrics small = new OtlpMetrics("site-a", new IntakeLimits(2000, 1, 64, 128, 2048), registry);

        HttpAnswer many = small.handle(
                OtlpMetrics.PROTOBUF,
                request(counter("c", "", point(1), point(2))).toByteArray(),
                "",
                T,
                sink);
        assertThat(many.status()).isEqualTo(400);
        assertThat(OtlpMetrics.error(OtlpMetrics.JSON, 400, "x").bodyText())
                .isEqualTo("{\"code\":3,\"message\":\"x\"}");

        HttpAnswer large = small.handle(OtlpMetrics.PROTOBUF, new byte[2001], "", T, sink);
        assertThat(large.status()).isEqualTo(413);
        assertThat(sink.samples).isEmpty();
    }

    @Test
    void answers503WhenTheStoreFails() {
        HttpAnswer a = otlp.handle(
                OtlpMetrics.PROTOBUF, request(counter("c", "", point(1))).toByteArray(), "", T, (l, t, v) -> {
                    throw new UncheckedIOException(new IOException("disk full"));
                });

        assertThat(a.status()).isEqualTo(503);
    }

    @Test
    void countsSamplesTheStoreRefusesAsRejectedDataPoints() {
        RecordingSampleSink picky = new RecordingSampleSink(l -> true);

        HttpAnswer a = otlp.handle(
                OtlpMetrics.PROTOBUF, request(counter("c", "", point(1))).toByteArray(), "", T, picky);

        assertThat(response(a).getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(response(a).getPartialSuccess().getErrorMessage()).contains("refused by the store");
    }

    @Test
    void namesFollowThePrometheusCompatibilitySpecification() {
        assertThat(OtlpMetrics.metricName("http.server.duration", "s", OtlpMetrics.Kind.OTHER))
                .isEqualTo("http_server_duration_seconds");
        assertThat(OtlpMetrics.metricName("requests_total", "{request}", OtlpMetrics.Kind.COUNTER))
                .isEqualTo("requests_total");
        assertThat(OtlpMetrics.metricName("io", "By/s", OtlpMetrics.Kind.GAUGE)).isEqualTo("io_bytes_per_second");
        assertThat(OtlpMetrics.metricName("rate", "1/s", OtlpMetrics.Kind.GAUGE))
                .isEqualTo("rate_per_second");
        assertThat(OtlpMetrics.metricName("memory_bytes", "By", OtlpMetrics.Kind.GAUGE))
                .isEqualTo("memory_bytes");
        assertThat(OtlpMetrics.metricName("2xx..count", "", OtlpMetrics.Kind.OTHER))
                .isEqualTo("_2xx_count");
        assertThat(OtlpMetrics.sanitize("http.method", false)).isEqualTo("http_method");
        assertThat(OtlpMetrics.sanitize("0x", false)).isEqualTo("key_0x");
        assertThat(OtlpMetrics.attributes(List.of(attr("a.b", "1"), attr("a-b", "2")), true))
                .containsEntry("a_b", "2;1");
        assertThat(OtlpMetrics.format(0.25)).isEqualTo("0.25");
        assertThat(OtlpMetrics.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void unsupportedContentTypeIs415() {
        assertThat(otlp.handle("text/plain", new byte[0], "", T, sink).status()).isEqualTo(415);
    }
}
