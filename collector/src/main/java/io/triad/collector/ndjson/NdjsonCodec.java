package io.triad.collector.ndjson;

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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an NDJSON bulk body (one JSON object per line, lines ended by LF or CRLF) into log events.
 *
 * <p>Keys of a line: {@code message} (required string), {@code timestamp} (ISO 8601 text with a zone offset, an
 * integer of epoch milliseconds, or a number of epoch seconds with a fraction; default the receive time), {@code
 * host} (default the sender's address), {@code component}, {@code layer}, {@code severity} (0-7 or a name such as
 * {@code warn}; default info), {@code facility} (0-23 or a name such as {@code local0}), {@code app}, {@code procId},
 * {@code msgId}, {@code fields} (an object of strings, numbers or booleans, kept as text) and {@code correlation}
 * (an object of names to a string or an array of strings). Any other top-level key becomes a field (objects and
 * arrays as JSON text, null dropped).
 *
 * <p>Each line stands alone: a line that is not a JSON object, lacks {@code message}, has a value of the wrong type,
 * or is longer than {@code maxLineBytes} becomes a {@link LineError} and the other lines still decode. Blank lines
 * are skipped. A pure function that never throws: no I/O, no clock reads, no DNS. NOTE: immutable and thread safe.
 */
public final class NdjsonCodec {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String[] FACILITIES = {
        "kern",
        "user",
        "mail",
        "daemon",
        "auth",
        "syslog",
        "lpr",
        "news",
        "uucp",
        "cron",
        "authpriv",
        "ftp",
        "ntp",
        "security",
        "console",
        "solaris-cron",
        "local0",
        "local1",
        "local2",
        "local3",
        "local4",
        "local5",
        "local6",
        "local7"
    };
    /** 9999-12-31T23:59:59.999Z in milliseconds: the latest time accepted. */
    private static final long MAX_MILLIS = 253_402_300_799_999L;

    private final int maxLineBytes;
    private final int maxLines;

    /**
     * @param maxLineBytes the most bytes one line may have, without its line end
     * @param maxLines the most non-blank lines read from one body; the rest are reported as one error
     */
    public NdjsonCodec(int maxLineBytes, int maxLines) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1; got: " + maxLineBytes);
        }
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines must be >= 1; got: " + maxLines);
        }
        this.maxLineBytes = maxLineBytes;
        this.maxLines = maxLines;
    }

    /**
     * Decodes every line of a body.
     *
     * @param body UTF-8 NDJSON
     * @param ctx where and when the body was received; copied into every event
     * @return the events of the good lines and an error for each bad one; never throws
     */
    public NdjsonDecoded decode(byte[] body, ReceiveContext ctx) {
        List<LogEvent> events = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        String defaultHost = hostOf(ctx.source());
        int lineNo = 0;
        int read = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int next = end + 1;
            if (end > start && body[end - 1] == '\r') {
                end--;
            }
            lineNo++;
            if (!blank(body, start, end)) {
                if (read == maxLines) {
                    errors.add(new LineError(
                            lineNo,
                            "line count exceeds the allowed maximum (" + maxLines
                                    + "); this line and the ones after it were not read"));
                    break;
                }
                read++;
                int len = end - start;
                if (len > maxLineBytes) {
                    errors.add(new LineError(
                            lineNo, "line length (" + len + ") exceeds the allowed maximum (" + maxLineBytes + ")"));
                } else {
                    try {
                        events.add(decodeLine(body, start, len, ctx, defaultHost));
                    } catch (CodecException e) {
                        errors.add(new LineError(lineNo, String.valueOf(e.getMessage())));
                    }
                }
            }
            start = next;
        }
        return new NdjsonDecoded(events, errors);
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static LogEvent decodeLine(byte[] body, int off, int len, ReceiveContext ctx, String defaultHost)
            throws CodecException {
        LogEvent.Builder b = LogEvent.builder()
                .site(ctx.site())
                .input(ctx.input())
                .source(ctx.source())
                .received(ctx.receivedMicros())
                .timestamp(ctx.receivedMicros())
                .host(defaultHost);
        String message = null;
        try (JsonParser p = JSON.createParser(body, off, len)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new CodecException("line must be a JSON object; got: " + JsonValues.describe(first));
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (key) {
                    case "message" -> message = string(p, v, key);
                    case "timestamp" -> b.timestamp(timestampMicros(p, v));
                    case "host" -> b.host(string(p, v, key));
                    case "component" -> b.component(string(p, v, key));
                    case "layer" -> b.layer(string(p, v, key));
                    case "app" -> b.app(string(p, v, key));
                    case "procId" -> b.procId(scalar(p, v, key));
                    case "msgId" -> b.msgId(string(p, v, key));
                    case "severity" -> b.severity(severity(p, v));
                    case "facility" -> b.facility(facility(p, v));
                    case "fields" -> fields(b, p, v);
                    case "correlation" -> correlation(b, p, v);
                    default -> b.field(key, v.isScalarValue() ? p.getText() : jsonText(p));
                }
            }
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new CodecException("line must hold one JSON object; got trailing " + JsonValues.describe(after));
            }
        } catch (IOException e) {
            String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new CodecException("line is not valid JSON: " + m, e);
        }
        if (message == null) {
            throw new CodecException("key 'message' is required");
        }
        return b.message(message).build();
    }

    private static void fields(LogEvent.Builder b, JsonParser p, JsonToken v) throws IOException, CodecException {
        if (v != JsonToken.START_OBJECT) {
            throw new CodecException("key 'fields' must be an object; got: " + JsonValues.describe(v));
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken fv = p.nextToken();
            if (fv != JsonToken.VALUE_NULL) {
                b.field(name, scalar(p, fv, "fields." + name));
            }
        }
    }

    private static void correlation(LogEvent.Builder b, JsonParser p, JsonToken v) throws IOException, CodecException {
        if (v != JsonToken.START_OBJECT) {
            throw new CodecException("key 'correlation' must be an object; got: " + JsonValues.describe(v));
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken cv = p.nextToken();
            if (cv == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    b.correlate(name, string(p, e, "correlation." + name + "[]"));
                }
            } else if (cv != JsonToken.VALUE_NULL) {
                b.correlate(name, string(p, cv, "correlation." + name));
            }
        }
    }

    private static String string(JsonParser p, @Nullable JsonToken v, String key) throws CodecException, IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw new CodecException("key '" + key + "' must be a string; got: " + JsonValues.describe(v));
        }
        return p.getText();
    }

    private static String scalar(JsonParser p, JsonToken v, String key) throws CodecException, IOException {
        if (!v.isScalarValue()) {
            throw new CodecException(
                    "key '" + key + "' must be a string, number or boolean; got: " + JsonValues.describe(v));
        }
        return p.getText();
    }

    private static String jsonText(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    private static long timestampMicros(JsonParser p, JsonToken v) throws CodecException, IOException {
        if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            try {
                Instant i = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
                return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
            } catch (DateTimeException | ArithmeticException e) {
                throw new CodecException("key 'timestamp' must be ISO 8601 with a zone offset, like "
                        + "2026-11-22T10:15:30.123Z; got: \"" + JsonValues.clip(text) + "\"");
            }
        }
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0
                    || p.getLongValue() > MAX_MILLIS) {
                throw new CodecException("key 'timestamp' as epoch milliseconds must be within 0.." + MAX_MILLIS
                        + "; got: " + JsonValues.clip(p.getText()));
            }
            return p.getLongValue() * 1000;
        }
        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!(d >= 0 && d <= MAX_MILLIS / 1000d)) {
                throw new CodecException("key 'timestamp' as epoch seconds must be within 0.." + MAX_MILLIS / 1000
                        + "; got: " + JsonValues.clip(p.getText()));
            }
            BigDecimal seconds = p.getDecimalValue();
            return seconds.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValue();
        }
        throw new CodecException(
                "key 'timestamp' must be an ISO 8601 string or a number; got: " + JsonValues.describe(v));
    }

    private static int severity(JsonParser p, JsonToken v) throws CodecException, IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            int s = Severity.parse(text);
            if (s >= 0) {
                return s;
            }
            throw new CodecException("key 'severity' must be 0-7 or a severity name; got: " + JsonValues.clip(text));
        }
        throw new CodecException("key 'severity' must be 0-7 or a severity name; got: " + JsonValues.describe(v));
    }

    private static int facility(JsonParser p, JsonToken v) throws CodecException, IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_STRING) {
            String text = p.getText().trim().toLowerCase(Locale.ROOT);
            for (int i = 0; i < FACILITIES.length; i++) {
                if (FACILITIES[i].equals(text) || text.equals(Integer.toString(i))) {
                    return i;
                }
            }
            throw new CodecException("key 'facility' must be 0-23 or a facility name; got: " + JsonValues.clip(text));
        }
        throw new CodecException("key 'facility' must be 0-23 or a facility name; got: " + JsonValues.describe(v));
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
