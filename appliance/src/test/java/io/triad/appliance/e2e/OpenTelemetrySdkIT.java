package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry Java SDK's OTLP/HTTP log exporter (protobuf) sends log records with trace context; each is
 * searchable with its service, host, severity, attributes and trace and span ids.
 */
class OpenTelemetrySdkIT {
    @TempDir
    Path dir;

    @Test
    void sdkLogRecordsArriveWithTraceContextAndResource() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + triad.port("otlp-http") + "/v1/logs")
                    .build();
            Resource resource = Resource.getDefault()
                    .merge(Resource.create(Attributes.of(
                            AttributeKey.stringKey("service.name"), "eap",
                            AttributeKey.stringKey("host.name"), "eap-node-1",
                            AttributeKey.stringKey("triad.component"), "EAP")));
            SdkLoggerProvider provider = SdkLoggerProvider.builder()
                    .setResource(resource)
                    .addLogRecordProcessor(
                            BatchLogRecordProcessor.builder(exporter).build())
                    .build();
            String marker = "otel" + UUID.randomUUID().toString().replace("-", "");
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            int count = 300;
            try {
                Logger logger = provider.get("alarm-processing");
                for (int i = 0; i < count; i++) {
                    String spanId = String.format(java.util.Locale.ROOT, "%016x", 0x00f067aa0ba90000L + i + 1);
                    Context ctx = Context.root()
                            .with(Span.wrap(SpanContext.create(
                                    traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault())));
                    logger.logRecordBuilder()
                            .setContext(ctx)
                            .setSeverity(Severity.ERROR)
                            .setSeverityText("ERROR")
                            .setBody("alarm " + i + " escalated " + marker)
                            .setAttribute(AttributeKey.stringKey("alarm_id"), "ALM-" + i)
                            .emit();
                }
                assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                        .isTrue();
            } finally {
                provider.shutdown().join(10, TimeUnit.SECONDS);
            }
            triad.awaitHits(marker, count, Duration.ofSeconds(15));
            JsonNode page = triad.search(marker, count);
            Set<String> messages = new HashSet<>();
            for (JsonNode hit : page.path("hits")) {
                assertThat(hit.path("host").asText()).isEqualTo("eap-node-1");
                assertThat(hit.path("app").asText()).isEqualTo("eap");
                assertThat(hit.path("component").asText()).isEqualTo("EAP");
                assertThat(hit.path("severity").asInt()).isEqualTo(3);
                assertThat(hit.path("correlation").path("trace_id").get(0).asText())
                        .isEqualTo(traceId);
                assertThat(hit.path("correlation").path("span_id").get(0).asText())
                        .hasSize(16);
                assertThat(hit.path("fields").path("alarm_id").asText()).startsWith("ALM-");
                messages.add(hit.path("message").asText());
            }
            assertThat(messages).hasSize(count);
            JsonNode byTrace = triad.search("correlation.trace_id:" + traceId + " AND " + marker, 1);
            assertThat(byTrace.path("total").asLong()).isEqualTo(count);
        }
    }
}
