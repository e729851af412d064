package io.triad.collector.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps one OTLP log record (OpenTelemetry logs data model) with its resource and scope to a {@link LogEvent}.
 *
 * <p>See {@link OtlpLogsCodec} for the mapping. Immutable and thread safe.
 */
final class OtlpRecordMapper {
    static final String LAYER_DEFAULT = "application";
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private final int maxAttributes;

    OtlpRecordMapper(int maxAttributes) {
        if (maxAttributes < 0) {
            throw new IllegalArgumentException("maxAttributes must be >= 0; got: " + maxAttributes);
        }
        this.maxAttributes = maxAttributes;
    }

    /** What a resource gives every record under it, worked out once per resource. */
    record ResourceView(
            @Nullable String host,
            @Nullable String serviceName,
            @Nullable String serviceNamespace,
            @Nullable String component,
            @Nullable String layer,
            List<Map.Entry<String, String>> fields) {

        static ResourceView of(Resource r) {
            String host = null;
            String serviceName = null;
            String namespace = null;
            String component = null;
            String layer = null;
            List<Map.Entry<String, String>> fields = new ArrayList<>(r.getAttributesCount());
            for (KeyValue kv : r.getAttributesList()) {
                String value = text(kv.getValue());
                switch (kv.getKey()) {
                    case "host.name" -> host = value;
                    case "service.name" -> serviceName = value;
                    case "service.namespace" -> namespace = value;
                    case "triad.component" -> component = value;
                    case "triad.layer" -> layer = value;
                    default -> {}
                }
                fields.add(Map.entry("resource." + kv.getKey(), value));
            }
            return new ResourceView(host, serviceName, namespace, component, layer, List.copyOf(fields));
        }
    }

    LogEvent toEvent(ResourceView resource, InstrumentationScope scope, LogRecord rec, ReceiveContext ctx)
            throws CodecException {
        int sevNumber = rec.getSeverityNumberValue();
        if (sevNumber < 0 || sevNumber > 24) {
            throw new CodecException("log record severity_number must be within 0..24; got: " + sevNumber);
        }
        int traceBytes = rec.getTraceId().size();
        if (traceBytes != 0 && traceBytes != 16) {
            throw new CodecException("log record trace_id must be 16 bytes; got: " + traceBytes + " bytes");
        }
        int spanBytes = rec.getSpanId().size();
        if (spanBytes != 0 && spanBytes != 8) {
            throw new CodecException("log record span_id must be 8 bytes; got: " + spanBytes + " bytes");
        }
        LogEvent.Builder b = LogEvent.builder()
                .site(ctx.site())
                .input(ctx.input())
                .source(ctx.source())
                .received(ctx.receivedMicros())
                .timestamp(timeMicros(rec, ctx))
                .severity(severity(sevNumber, rec.getSeverityText()))
                .message(rec.hasBody() ? text(rec.getBody()) : "");
        String host = resource.host();
        b.host(host != null ? host : hostOf(ctx.source()));
        String serviceName = resource.serviceName();
        if (serviceName != null) {
            b.app(serviceName);
        }
        String component = resource.component();
        String layer = resource.layer();
        int kept = 0;
        long dropped = 0;
        for (KeyValue kv : rec.getAttributesList()) {
            String value = text(kv.getValue());
            switch (kv.getKey()) {
                case "triad.component" -> component = value;
                case "triad.layer" -> layer = value;
                default -> {}
            }
            if (kept < maxAttributes) {
                b.field(kv.getKey(), value);
                kept++;
            } else {
                dropped++;
            }
        }
        for (Map.Entry<String, String> f : resource.fields()) {
            if (kept < maxAttributes) {
                b.field(f.getKey(), f.getValue());
                kept++;
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            b.field("dropped_attributes", Long.toString(dropped));
        }
        if (component == null) {
            String namespace = resource.serviceNamespace();
            component = namespace != null ? namespace : serviceName;
        }
        b.component(component == null ? "" : component);
        b.layer(layer == null ? LAYER_DEFAULT : layer);
        if (!scope.getName().isEmpty()) {
            b.field("scope", scope.getName());
        }
        if (!rec.getSeverityText().isEmpty()) {
            b.field("severity_text", rec.getSeverityText());
        }
        if (!rec.getEventName().isEmpty()) {
            b.field("event_name", rec.getEventName());
        }
        if (traceBytes == 16 && !allZero(rec.getTraceId().toByteArray())) {
            b.correlate("trace_id", HEX.formatHex(rec.getTraceId().toByteArray()));
        }
        if (spanBytes == 8 && !allZero(rec.getSpanId().toByteArray())) {
            b.correlate("span_id", HEX.formatHex(rec.getSpanId().toByteArray()));
        }
        return b.build();
    }

    /** time_unix_nano, else observed_time_unix_nano, else the receive time; both are unsigned 64-bit. */
    private static long timeMicros(LogRecord rec, ReceiveContext ctx) {
        long nanos = rec.getTimeUnixNano() != 0 ? rec.getTimeUnixNano() : rec.getObservedTimeUnixNano();
        return nanos == 0 ? ctx.receivedMicros() : Long.divideUnsigned(nanos, 1000);
    }

    /** OpenTelemetry SeverityNumber ranges to RFC 5424 severities; 0 (unspecified) falls back to the text. */
    static int severity(int number, String text) {
        if (number == 0) {
            int parsed = text.isEmpty() ? -1 : Severity.parse(text);
            return parsed >= 0 ? parsed : Severity.INFO;
        }
        if (number <= 8) {
            return Severity.DEBUG;
        }
        if (number <= 12) {
            return Severity.INFO;
        }
        if (number <= 16) {
            return Severity.WARNING;
        }
        if (number <= 20) {
            return Severity.ERROR;
        }
        return Severity.CRITICAL;
    }

    /** A string as is, a scalar as its text, bytes as base64, an array or key-value list as JSON text. */
    static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE ->
                Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> jsonText(v);
            case VALUE_NOT_SET -> "";
        };
    }

    private static String jsonText(AnyValue v) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, AnyValue v) throws IOException {
        switch (v.getValueCase()) {
            case STRING_VALUE -> g.writeString(v.getStringValue());
            case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
            case INT_VALUE -> g.writeNumber(v.getIntValue());
            case DOUBLE_VALUE -> g.writeNumber(v.getDoubleValue());
            case BYTES_VALUE ->
                g.writeString(
                        Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue e : v.getArrayValue().getValuesList()) {
                    write(g, e);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> {
                g.writeStartObject();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    g.writeFieldName(kv.getKey());
                    write(g, kv.getValue());
                }
                g.writeEndObject();
            }
            case VALUE_NOT_SET -> g.writeNull();
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The host part of {@code host:port} or {@code [v6]:port}; the text as is when it has no port. */
    static String hostOf(String source) {
        if (source.startsWith("[")) {
            int close = source.indexOf(']');
            return close > 0 ? source.substring(1, close) : source;
        }
        int colon = source.indexOf(':');
        return colon >= 0 && colon == source.lastIndexOf(':') ? source.substring(0, colon) : source;
    }
}
