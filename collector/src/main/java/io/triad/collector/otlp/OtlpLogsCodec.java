package io.triad.collector.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decodes OTLP/HTTP logs export requests ({@code POST /v1/logs}, OTLP specification 1.x) in protobuf or JSON into
 * log events, and encodes the responses.
 *
 * <p>Mapping (OpenTelemetry logs data model to {@link LogEvent}): resource attribute {@code host.name} to host (else
 * the host of the sender's address); {@code service.name} to app; attribute, else resource attribute, {@code
 * triad.component} to component (else {@code service.namespace}, else {@code service.name}); attribute, else
 * resource attribute, {@code triad.layer} to layer (default {@code application}); severity_number to syslog
 * severity (TRACE and DEBUG 1-8 to 7, INFO 9-12 to 6, WARN 13-16 to 4, ERROR 17-20 to 3, FATAL 21-24 to 2; 0 by
 * severity_text, else 6); time_unix_nano, else observed_time_unix_nano, else the receive time, to the event time;
 * body to message (non-string bodies as their text, arrays and maps as JSON); log attributes, then resource
 * attributes prefixed {@code resource.}, to fields, at most {@code maxAttributes} of them, with the number left
 * out in field {@code dropped_attributes}; non-zero trace_id and span_id to correlation {@code trace_id} and {@code
 * span_id} as lowercase hex; scope name, severity_text and event_name to fields {@code scope}, {@code severity_text}
 * and {@code event_name}.
 *
 * <p>A request that cannot be parsed fails whole with {@link CodecException}. A log record with a bad value (a
 * trace_id that is not 16 bytes, a severity_number outside 0-24, in JSON a value of the wrong type) is rejected
 * alone and counted, as OTLP's partial success describes; the others are accepted.
 *
 * <p>A pure function: no I/O, no clock reads, no DNS. NOTE: instances are immutable and thread safe.
 */
public final class OtlpLogsCodec {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final OtlpRecordMapper mapper;

    /** @param maxAttributes the most attribute fields (log and resource attributes together) kept per event */
    public OtlpLogsCodec(int maxAttributes) {
        this.mapper = new OtlpRecordMapper(maxAttributes);
    }

    /**
     * Decodes a binary protobuf {@code ExportLogsServiceRequest} ({@code Content-Type: application/x-protobuf}).
     *
     * @throws CodecException when the body is not a valid protobuf message
     */
    public OtlpDecoded decodeProtobuf(byte[] body, ReceiveContext ctx) throws CodecException {
        ExportLogsServiceRequest request;
        try {
            request = ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new CodecException("OTLP protobuf request is malformed: " + e.getMessage(), e);
        }
        Results results = new Results(ctx);
        for (ResourceLogs rl : request.getResourceLogsList()) {
            OtlpRecordMapper.ResourceView resource = OtlpRecordMapper.ResourceView.of(rl.getResource());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord rec : sl.getLogRecordsList()) {
                    results.add(resource, sl.getScope(), rec, null);
                }
            }
        }
        return results.decoded();
    }

    /**
     * Decodes an OTLP JSON {@code ExportLogsServiceRequest} ({@code Content-Type: application/json}): hex trace and
     * span ids, lowerCamelCase or snake_case field names, enums as numbers, 64-bit integers as strings or numbers.
     *
     * @throws CodecException when the body is not JSON or not shaped as an export request
     */
    public OtlpDecoded decodeJson(byte[] body, ReceiveContext ctx) throws CodecException {
        List<OtlpJsonReader.ResourceLogsJson> request;
        try (JsonParser p = JSON.createParser(body)) {
            request = new OtlpJsonReader(p).read();
        } catch (IOException e) {
            String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new CodecException("OTLP JSON request is not valid JSON: " + m, e);
        }
        Results results = new Results(ctx);
        for (OtlpJsonReader.ResourceLogsJson rl : request) {
            OtlpRecordMapper.ResourceView resource = OtlpRecordMapper.ResourceView.of(rl.resource());
            for (OtlpJsonReader.ScopeLogsJson sl : rl.scopes()) {
                String scopeProblem = rl.problem() != null ? rl.problem() : sl.problem();
                for (OtlpJsonReader.RecordJson rec : sl.records()) {
                    results.add(
                            resource, sl.scope(), rec.record(), scopeProblem != null ? scopeProblem : rec.problem());
                }
            }
        }
        return results.decoded();
    }

    /**
     * The protobuf {@code ExportLogsServiceResponse}: empty when all records were accepted, else with {@code
     * partial_success} holding the count and the message.
     */
    public static byte[] responseProtobuf(long rejected, String message) {
        ExportLogsServiceResponse.Builder r = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            r.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected)
                    .setErrorMessage(message));
        }
        return r.build().toByteArray();
    }

    /**
     * The JSON {@code ExportLogsServiceResponse}: {@code {}} when all records were accepted, else {@code
     * {"partialSuccess":{"rejectedLogRecords":"N","errorMessage":"..."}}} (int64 as a string, as proto3 JSON does).
     */
    public static byte[] responseJson(long rejected, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (rejected > 0) {
                g.writeObjectFieldStart("partialSuccess");
                g.writeStringField("rejectedLogRecords", Long.toString(rejected));
                g.writeStringField("errorMessage", message);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    /** Accepted events and rejections of one request. */
    private final class Results {
        private final ReceiveContext ctx;
        private final List<LogEvent> events = new ArrayList<>();
        private long rejected;
        private @Nullable String firstError;

        Results(ReceiveContext ctx) {
            this.ctx = ctx;
        }

        void add(
                OtlpRecordMapper.ResourceView resource,
                InstrumentationScope scope,
                LogRecord rec,
                @Nullable String problem) {
            if (problem != null) {
                reject(problem);
                return;
            }
            try {
                events.add(mapper.toEvent(resource, scope, rec, ctx));
            } catch (CodecException e) {
                reject(Objects.requireNonNullElse(e.getMessage(), "log record rejected"));
            }
        }

        private void reject(String why) {
            rejected++;
            if (firstError == null) {
                firstError = why;
            }
        }

        OtlpDecoded decoded() {
            return new OtlpDecoded(events, rejected, firstError == null ? "" : firstError);
        }
    }
}
