package io.triad.collector.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.JsonValues;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads an OTLP/HTTP JSON logs request ("OTLP/HTTP JSON Protobuf Encoding" of the OTLP specification) with Jackson's
 * streaming parser into protobuf messages, keeping per-record problems apart.
 *
 * <p>Differences from plain proto3 JSON that OTLP requires: trace and span ids are hex, not base64; field names are
 * accepted in lowerCamelCase and in their original snake_case; enums as numbers (names are accepted too); 64-bit
 * integers as strings or numbers; unknown fields are ignored. A request whose shape is wrong (a list that is not an
 * array, an object that is not an object) fails whole; a record with a bad value (a bad hex id, a number that is not
 * one) is read on and marked with the first problem, and so are all records of a resource or scope with a bad value.
 *
 * <p>Not thread safe: one instance reads one request.
 */
final class OtlpJsonReader {
    /** A log record and why it is rejected, null when it is not. */
    record RecordJson(LogRecord record, @Nullable String problem) {}

    record ScopeLogsJson(
            InstrumentationScope scope, @Nullable String problem, List<RecordJson> records) {}

    record ResourceLogsJson(Resource resource, @Nullable String problem, List<ScopeLogsJson> scopes) {}

    private static final HexFormat HEX = HexFormat.of();

    private final JsonParser p;
    /** The first value problem met in the object being read. */
    private @Nullable String problem;

    OtlpJsonReader(JsonParser parser) {
        this.p = parser;
    }

    List<ResourceLogsJson> read() throws IOException, CodecException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "OTLP JSON request");
        List<ResourceLogsJson> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken v = p.nextToken();
            if (name.equals("resourceLogs") && v != JsonToken.VALUE_NULL) {
                expect(v, JsonToken.START_ARRAY, "resourceLogs");
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    out.add(readResourceLogs());
                }
            } else {
                p.skipChildren();
            }
        }
        JsonToken after = p.nextToken();
        if (after != null) {
            throw new CodecException("OTLP JSON request must be one JSON object; got trailing " + after.name());
        }
        return out;
    }

    private ResourceLogsJson readResourceLogs() throws IOException, CodecException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "resourceLogs[]");
        Resource resource = Resource.getDefaultInstance();
        String resourceProblem = null;
        List<ScopeLogsJson> scopes = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "resource" -> {
                    problem = null;
                    resource = readResource(v);
                    resourceProblem = problem;
                }
                case "scopeLogs" -> {
                    expect(v, JsonToken.START_ARRAY, "scopeLogs");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        scopes.add(readScopeLogs());
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ResourceLogsJson(resource, resourceProblem, scopes);
    }

    private Resource readResource(JsonToken v) throws IOException, CodecException {
        expect(v, JsonToken.START_OBJECT, "resource");
        Resource.Builder r = Resource.newBuilder();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken fv = p.nextToken();
            if (name.equals("attributes") && fv != JsonToken.VALUE_NULL) {
                r.addAllAttributes(readKeyValues(fv, "resource.attributes"));
            } else {
                p.skipChildren();
            }
        }
        return r.build();
    }

    private ScopeLogsJson readScopeLogs() throws IOException, CodecException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "scopeLogs[]");
        InstrumentationScope scope = InstrumentationScope.getDefaultInstance();
        String scopeProblem = null;
        List<RecordJson> records = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "scope" -> {
                    problem = null;
                    scope = readScope(v);
                    scopeProblem = problem;
                }
                case "logRecords" -> {
                    expect(v, JsonToken.START_ARRAY, "logRecords");
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        problem = null;
                        LogRecord rec = readLogRecord();
                        records.add(new RecordJson(rec, problem));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new ScopeLogsJson(scope, scopeProblem, records);
    }

    private InstrumentationScope readScope(JsonToken v) throws IOException, CodecException {
        expect(v, JsonToken.START_OBJECT, "scope");
        InstrumentationScope.Builder s = InstrumentationScope.newBuilder();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken fv = p.nextToken();
            if (fv == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "name" -> s.setName(string(fv, "scope.name"));
                case "version" -> s.setVersion(string(fv, "scope.version"));
                case "attributes" -> s.addAllAttributes(readKeyValues(fv, "scope.attributes"));
                default -> p.skipChildren();
            }
        }
        return s.build();
    }

    private LogRecord readLogRecord() throws IOException, CodecException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "logRecords[]");
        LogRecord.Builder r = LogRecord.newBuilder();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "timeUnixNano" -> r.setTimeUnixNano(uint64(v, "timeUnixNano"));
                case "observedTimeUnixNano" -> r.setObservedTimeUnixNano(uint64(v, "observedTimeUnixNano"));
                case "severityNumber" -> r.setSeverityNumberValue(severityNumber(v));
                case "severityText" -> r.setSeverityText(string(v, "severityText"));
                case "body" -> r.setBody(readAnyValue(v, "body"));
                case "attributes" -> r.addAllAttributes(readKeyValues(v, "attributes"));
                case "traceId" -> r.setTraceId(hexId(v, "traceId", 16));
                case "spanId" -> r.setSpanId(hexId(v, "spanId", 8));
                case "eventName" -> r.setEventName(string(v, "eventName"));
                default -> p.skipChildren();
            }
        }
        return r.build();
    }

    private List<KeyValue> readKeyValues(JsonToken v, String what) throws IOException, CodecException {
        expect(v, JsonToken.START_ARRAY, what);
        List<KeyValue> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            expect(e, JsonToken.START_OBJECT, what + "[]");
            KeyValue.Builder kv = KeyValue.newBuilder();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = camel(p.currentName());
                JsonToken fv = p.nextToken();
                if (fv == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "key" -> kv.setKey(string(fv, what + "[].key"));
                    case "value" -> kv.setValue(readAnyValue(fv, what + "[].value"));
                    default -> p.skipChildren();
                }
            }
            out.add(kv.build());
        }
        return out;
    }

    private AnyValue readAnyValue(JsonToken v, String what) throws IOException, CodecException {
        expect(v, JsonToken.START_OBJECT, what);
        AnyValue.Builder a = AnyValue.newBuilder();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = camel(p.currentName());
            JsonToken fv = p.nextToken();
            if (fv == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "stringValue" -> a.setStringValue(string(fv, what + ".stringValue"));
                case "boolValue" -> a.setBoolValue(bool(fv, what + ".boolValue"));
                case "intValue" -> a.setIntValue(int64(fv, what + ".intValue"));
                case "doubleValue" -> a.setDoubleValue(float64(fv, what + ".doubleValue"));
                case "bytesValue" -> a.setBytesValue(base64(fv, what + ".bytesValue"));
                case "arrayValue" -> {
                    ArrayValue.Builder arr = ArrayValue.newBuilder();
                    for (JsonToken at = nextField(fv, what + ".arrayValue"); at == JsonToken.FIELD_NAME; ) {
                        JsonToken av = p.nextToken();
                        if (camel(p.currentName()).equals("values") && av != JsonToken.VALUE_NULL) {
                            expect(av, JsonToken.START_ARRAY, what + ".arrayValue.values");
                            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                                arr.addValues(readAnyValue(e, what + "[]"));
                            }
                        } else {
                            p.skipChildren();
                        }
                        at = p.nextToken();
                    }
                    a.setArrayValue(arr);
                }
                case "kvlistValue" -> {
                    KeyValueList.Builder list = KeyValueList.newBuilder();
                    for (JsonToken lt = nextField(fv, what + ".kvlistValue"); lt == JsonToken.FIELD_NAME; ) {
                        JsonToken lv = p.nextToken();
                        if (camel(p.currentName()).equals("values") && lv != JsonToken.VALUE_NULL) {
                            list.addAllValues(readKeyValues(lv, what + ".kvlistValue.values"));
                        } else {
                            p.skipChildren();
                        }
                        lt = p.nextToken();
                    }
                    a.setKvlistValue(list);
                }
                default -> p.skipChildren();
            }
        }
        return a.build();
    }

    /** Checks that {@code v} opens an object and returns the token after it. */
    private JsonToken nextField(JsonToken v, String what) throws IOException, CodecException {
        expect(v, JsonToken.START_OBJECT, what);
        return p.nextToken();
    }

    private String string(JsonToken v, String what) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        problem(what + " must be a string; got: " + JsonValues.describeWithArticle(v));
        return "";
    }

    private boolean bool(JsonToken v, String what) throws IOException {
        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
            return v == JsonToken.VALUE_TRUE;
        }
        problem(what + " must be a boolean; got: " + JsonValues.describeWithArticle(v));
        return false;
    }

    /** An unsigned 64-bit integer as a number or a decimal string (fixed64 in OTLP). */
    private long uint64(JsonToken v, String what) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            BigInteger n = p.getBigIntegerValue();
            if (n.signum() >= 0 && n.bitLength() <= 64) {
                return n.longValue();
            }
        } else if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            try {
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(what + " must be an unsigned 64-bit integer; got: " + valueText(v));
        return 0;
    }

    /** A signed 64-bit integer as a number or a decimal string. */
    private long int64(JsonToken v, String what) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            BigInteger n = p.getBigIntegerValue();
            if (n.bitLength() <= 63) {
                return n.longValue();
            }
        } else if (v == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(what + " must be a 64-bit integer; got: " + valueText(v));
        return 0;
    }

    private double float64(JsonToken v, String what) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            switch (text) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    if (text.length() <= 64) {
                        try {
                            return Double.parseDouble(text);
                        } catch (NumberFormatException e) {
                            // reported below
                        }
                    }
                }
            }
        }
        problem(what + " must be a number; got: " + valueText(v));
        return 0;
    }

    private ByteString base64(JsonToken v, String what) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            try {
                return ByteString.copyFrom(Base64.getDecoder().decode(p.getText()));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        problem(what + " must be base64; got: " + valueText(v));
        return ByteString.EMPTY;
    }

    /** OTLP's trace and span ids: hex of exactly {@code bytes} bytes, or empty for none. */
    private ByteString hexId(JsonToken v, String what, int bytes) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (text.isEmpty()) {
                return ByteString.EMPTY;
            }
            if (text.length() == bytes * 2 && isHex(text)) {
                return ByteString.copyFrom(HEX.parseHex(text));
            }
        }
        problem(what + " must be " + bytes * 2 + " hex digits; got: " + valueText(v));
        return ByteString.EMPTY;
    }

    private int severityNumber(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            BigInteger n = p.getBigIntegerValue();
            if (n.signum() >= 0 && n.compareTo(BigInteger.valueOf(24)) <= 0) {
                return n.intValue();
            }
        } else if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            try {
                SeverityNumber s = SeverityNumber.valueOf(text.toUpperCase(Locale.ROOT));
                if (s != SeverityNumber.UNRECOGNIZED) {
                    return s.getNumber();
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        problem("severityNumber must be within 0..24 or a SeverityNumber name; got: " + valueText(v));
        return 0;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    private void problem(String message) throws IOException {
        p.skipChildren();
        if (problem == null) {
            problem = message;
        }
    }

    private String valueText(JsonToken v) throws IOException {
        if (v.isScalarValue()) {
            String text = p.getText();
            return v == JsonToken.VALUE_STRING ? "\"" + JsonValues.clip(text) + "\"" : JsonValues.clip(text);
        }
        return JsonValues.describeWithArticle(v);
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) throws CodecException {
        if (actual != expected) {
            throw new CodecException(what + " must be " + JsonValues.describeWithArticle(expected) + "; got: "
                    + JsonValues.describeWithArticle(actual));
        }
    }

    /** snake_case to lowerCamelCase; a name without '_' as is. */
    static String camel(String name) {
        if (name.indexOf('_') < 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length());
        boolean up = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
