package io.triad.collector.gelf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.JsonValues;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Decodes one GELF 1.1 message (Graylog's "GELF Payload Specification") into a {@link LogEvent}.
 *
 * <p>The payload is plain JSON, gzip or zlib, told apart by its magic bytes (see {@link #decode}). Field mapping:
 * {@code host} (required) to host, {@code short_message} (required) to message, {@code full_message} to field
 * {@code full_message}, {@code timestamp} (seconds since the epoch with an optional fraction) to the event time,
 * {@code level} (syslog severity 0-7, default 1 alert as the specification says) to severity, {@code facility},
 * {@code line} and {@code file} to fields of those names. Additional fields {@code _x}: {@code _component},
 * {@code _layer}, {@code _app} / {@code _application_name} set component, layer and app; {@code _trace_id},
 * {@code _span_id} and {@code _correlation_id} become correlation keys and fields; every other one becomes field
 * {@code x} (numbers and booleans as their text, objects and arrays as JSON text, null dropped); {@code _id} is not
 * allowed by the specification and is ignored. {@code version} is accepted and not checked.
 *
 * <p>A pure function: no I/O, no clock reads, no DNS. NOTE: instances are immutable and thread safe.
 */
public final class GelfCodec {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** 9999-12-31T23:59:59Z: a later timestamp is certainly not seconds since the epoch. */
    private static final double MAX_SECONDS = 253_402_300_799d;

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{0,12})?");

    private final PayloadInflater inflater;

    /**
     * @param maxDecompressedBytes the most bytes a payload may have after decompression (and a plain one as is)
     */
    public GelfCodec(int maxDecompressedBytes) {
        this.inflater = new PayloadInflater(maxDecompressedBytes);
    }

    /**
     * Decodes one whole (already reassembled) GELF payload.
     *
     * @param payload plain JSON, gzip ({@code 1f 8b}) or zlib ({@code 78 01/5e/9c/da}); trailing NUL bytes (the GELF
     *     TCP delimiter) are ignored
     * @param ctx where and when it was received; copied into the event, its time is the event time when the message
     *     has no {@code timestamp}
     * @throws CodecException when the payload does not decompress within the limit, is not a JSON object, lacks
     *     {@code host} or {@code short_message}, or has a standard field of the wrong type
     */
    public LogEvent decode(byte[] payload, ReceiveContext ctx) throws CodecException {
        byte[] json = inflater.inflate(payload);
        int len = json.length;
        while (len > 0 && json[len - 1] == 0) {
            len--;
        }
        LogEvent.Builder b = LogEvent.builder()
                .site(ctx.site())
                .input(ctx.input())
                .source(ctx.source())
                .received(ctx.receivedMicros())
                .timestamp(ctx.receivedMicros())
                .severity(Severity.ALERT);
        String host = null;
        String shortMessage = null;
        try (JsonParser p = JSON.createParser(json, 0, len)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new CodecException("GELF message must be a JSON object; got: " + JsonValues.describe(first));
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "host" -> host = string(p, v, name);
                    case "short_message" -> shortMessage = string(p, v, name);
                    case "full_message" -> b.field("full_message", string(p, v, name));
                    case "timestamp" -> b.timestamp(timestampMicros(p, v));
                    case "level" -> b.severity(level(p, v));
                    case "facility" -> b.field("facility", scalar(p, v, name));
                    case "line" -> b.field("line", scalar(p, v, name));
                    case "file" -> b.field("file", string(p, v, name));
                    case "version" -> scalar(p, v, name);
                    default -> {
                        if (name.length() > 1 && name.charAt(0) == '_') {
                            additional(b, name.substring(1), p, v);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new CodecException(
                        "GELF message is not valid JSON: unexpected " + JsonValues.describe(p.currentToken()));
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new CodecException(
                        "GELF message must be one JSON object; got trailing " + JsonValues.describe(after));
            }
        } catch (IOException e) {
            throw new CodecException("GELF message is not valid JSON: " + reason(e), e);
        }
        if (host == null) {
            throw new CodecException("GELF field 'host' is required");
        }
        if (host.isBlank()) {
            throw new CodecException("GELF field 'host' must not be empty");
        }
        if (shortMessage == null) {
            throw new CodecException("GELF field 'short_message' is required");
        }
        return b.host(host).message(shortMessage).build();
    }

    private static void additional(LogEvent.Builder b, String key, JsonParser p, JsonToken v)
            throws IOException, CodecException {
        if (v == JsonToken.VALUE_NULL || key.equals("id")) {
            p.skipChildren();
            return;
        }
        String value = v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY ? jsonText(p) : scalar(p, v, key);
        switch (key) {
            case "component" -> b.component(value);
            case "layer" -> b.layer(value);
            case "app", "application_name" -> b.app(value);
            case "trace_id", "span_id", "correlation_id" -> {
                b.correlate(key, value);
                b.field(key, value);
            }
            default -> b.field(key, value);
        }
    }

    private static String string(JsonParser p, JsonToken v, String name) throws IOException, CodecException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new CodecException("GELF field '" + name + "' must be a string; got: " + JsonValues.describe(v));
        }
        return p.getText();
    }

    /** A string, number or boolean as its text. */
    private static String scalar(JsonParser p, JsonToken v, String name) throws IOException, CodecException {
        return switch (v) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            default -> {
                p.skipChildren();
                throw new CodecException(
                        "GELF field '" + name + "' must be a string or a number; got: " + JsonValues.describe(v));
            }
        };
    }

    private static String jsonText(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    private static long timestampMicros(JsonParser p, JsonToken v) throws IOException, CodecException {
        BigDecimal seconds;
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!(d >= 0 && d <= MAX_SECONDS)) {
                throw new CodecException("GELF field 'timestamp' must be seconds since the epoch within 0.."
                        + (long) MAX_SECONDS + "; got: " + p.getText());
            }
            seconds = p.getDecimalValue();
        } else if (v == JsonToken.VALUE_STRING) {
            // Some senders quote the number; accept a plain decimal text only.
            String text = p.getText().trim();
            if (!DECIMAL.matcher(text).matches()) {
                throw new CodecException("GELF field 'timestamp' must be seconds since the epoch; got: \""
                        + JsonValues.clip(text) + "\"");
            }
            seconds = new BigDecimal(text);
            if (seconds.compareTo(BigDecimal.valueOf((long) MAX_SECONDS)) > 0) {
                throw new CodecException("GELF field 'timestamp' must be seconds since the epoch within 0.."
                        + (long) MAX_SECONDS + "; got: " + text);
            }
        } else {
            p.skipChildren();
            throw new CodecException("GELF field 'timestamp' must be a number; got: " + JsonValues.describe(v));
        }
        return seconds.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValue();
    }

    private static int level(JsonParser p, JsonToken v) throws IOException, CodecException {
        String text;
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_STRING) {
            text = p.getText().trim();
        } else {
            p.skipChildren();
            throw new CodecException(
                    "GELF field 'level' must be a syslog severity 0-7; got: " + JsonValues.describe(v));
        }
        if (text.length() != 1 || text.charAt(0) < '0' || text.charAt(0) > '7') {
            throw new CodecException("GELF field 'level' must be a syslog severity 0-7; got: " + JsonValues.clip(text));
        }
        return text.charAt(0) - '0';
    }

    private static String reason(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
