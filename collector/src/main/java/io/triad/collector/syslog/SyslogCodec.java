package io.triad.collector.syslog;

import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Decodes one syslog message, RFC 5424 or RFC 3164, from bytes into a {@link LogEvent}; a pure function that
 * never throws on any input.
 *
 * <p>A message starting with {@code <PRI>1 } is RFC 5424 (section 6), anything else RFC 3164 as devices send it
 * (see {@link Rfc3164Parser}). Either way severity is PRI % 8 and facility PRI / 8 (RFC 5424 section 6.2.1); a
 * message without PRI gets facility 1 (user) and severity 5 (notice), as RFC 3164 section 4.3.3 has a relay do.
 * The event time is in microseconds, the receive time when the message has none; the host is the sender's address
 * (without port) when the message names none. Site, input, source and receive time come from the
 * {@link ReceiveContext}. Trailing LF, CR and NUL are stripped; malformed UTF-8 is replaced by U+FFFD.
 *
 * <p>A message longer than {@code maxMessageBytes} is cut to at most that many bytes (at a UTF-8 character
 * boundary) and gets field {@code truncated=true}; that is not a parse failure.
 *
 * <p>A message that cannot be parsed (bad PRI, no syslog structure, a malformed or truncated RFC 5424 header or
 * STRUCTURED-DATA) is kept whole: its text is the message and {@link LogEvent#raw}, {@link LogEvent#parseError}
 * says what was expected where and what came, for example {@code "RFC 5424 STRUCTURED-DATA: expected ']' at
 * offset 57; got end of input"}; the event time is the receive time and severity/facility come from PRI when it
 * was valid, else 5/1. Nothing is dropped.
 *
 * <p>NOTE: immutable and thread safe; one instance serves every connection of an input. It reads the array only
 * during {@link #decode} and keeps no reference to it.
 */
public final class SyslogCodec {
    /** The prefix of {@link LogEvent#parseError} when a parser broke its own contract (a bug, never input). */
    static final String INTERNAL_ERROR = "syslog codec internal error: ";

    private static final int DEFAULT_FACILITY = 1;
    private static final int DEFAULT_SEVERITY = Severity.NOTICE;

    private final int maxMessageBytes;
    private final Rfc5424Parser rfc5424;
    private final Rfc3164Parser rfc3164;

    /**
     * @param defaultZone the zone of timestamps that carry no offset (RFC 3164 {@code Mmm dd hh:mm:ss})
     * @param maxMessageBytes the longest message kept whole; longer ones are truncated
     * @throws IllegalArgumentException if {@code maxMessageBytes} is less than 1
     */
    public SyslogCodec(ZoneId defaultZone, int maxMessageBytes) {
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1; got: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.rfc5424 = new Rfc5424Parser(defaultZone);
        this.rfc3164 = new Rfc3164Parser(defaultZone);
    }

    /**
     * Decodes {@code bytes[offset, offset + length)} as one syslog message.
     *
     * @return the event, never null; {@link LogEvent#failedToParse()} when the bytes are no valid syslog
     * @throws IndexOutOfBoundsException if the range lies outside the array (a caller's bug, not bad input)
     */
    public LogEvent decode(byte[] bytes, int offset, int length, ReceiveContext ctx) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        boolean truncated = false;
        if (length > maxMessageBytes) {
            end = characterBoundary(bytes, offset, offset + maxMessageBytes);
            truncated = true;
        }
        while (end > offset && trailer(bytes[end - 1])) {
            end--;
        }
        String host = hostOf(ctx.source());
        try {
            return parse(bytes, offset, end, ctx, host, truncated);
        } catch (RuntimeException e) {
            // Not control flow: a safety net so that a parser bug cannot lose a message or kill an input.
            return failure(bytes, offset, end, ctx, host, truncated, -1, INTERNAL_ERROR + e);
        }
    }

    private LogEvent parse(byte[] bytes, int offset, int end, ReceiveContext ctx, String host, boolean truncated) {
        ByteCursor c = new ByteCursor(bytes, offset, end);
        if (c.atEnd()) {
            return failure(
                    bytes,
                    offset,
                    end,
                    ctx,
                    host,
                    truncated,
                    -1,
                    "syslog: expected '<PRI>' or a TIMESTAMP; got empty input");
        }
        int pri = -1;
        if (c.peek() == '<') {
            pri = pri(c);
            if (pri < 0) {
                return failure(bytes, offset, end, ctx, host, truncated, -1, Objects.requireNonNull(c.error));
            }
        }
        LogEvent.Builder out = LogEvent.builder()
                .site(ctx.site())
                .input(ctx.input())
                .source(ctx.source())
                .received(ctx.receivedMicros())
                .severity(pri < 0 ? DEFAULT_SEVERITY : pri & 7)
                .facility(pri < 0 ? DEFAULT_FACILITY : pri >> 3);
        if (truncated) {
            out.field("truncated", "true");
        }
        // RFC 5424 section 6.2.2: VERSION "1" right after PRI.
        boolean rfc5424Header = pri >= 0 && c.peek() == '1' && c.at(c.pos + 1) == ' ';
        boolean parsed = rfc5424Header
                ? rfc5424.parse(c, out, host, ctx.receivedMicros())
                : rfc3164.parse(c, out, pri >= 0, host, ctx.receivedMicros());
        if (!parsed) {
            return failure(bytes, offset, end, ctx, host, truncated, pri, Objects.requireNonNull(c.error));
        }
        return out.build();
    }

    /**
     * PRI (RFC 5424 section 6.2.1, RFC 3164 section 4.1.1): '<', 1 to 3 digits of a value 0..191, '>'.
     *
     * @return PRIVAL with the cursor after '>', or -1 with {@link ByteCursor#error} set
     */
    private static int pri(ByteCursor c) {
        int p = c.pos + 1;
        int value = 0;
        int n = 0;
        while (n < 3 && ByteCursor.digit(c.at(p + n))) {
            value = value * 10 + c.at(p + n) - '0';
            n++;
        }
        if (n == 0) {
            c.fail("syslog PRI", "1 to 3 digits after '<'", p);
            return -1;
        }
        if (c.at(p + n) != '>') {
            c.fail("syslog PRI", n == 3 ? "'>'" : "a digit or '>'", p + n);
            return -1;
        }
        if (value > 191) {
            c.fail("syslog PRI", "a PRIVAL within 0..191", p, Integer.toString(value));
            return -1;
        }
        c.pos = p + n + 1;
        return value;
    }

    private static LogEvent failure(
            byte[] bytes,
            int offset,
            int end,
            ReceiveContext ctx,
            String host,
            boolean truncated,
            int pri,
            String reason) {
        String text = new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
        LogEvent.Builder out = LogEvent.builder()
                .site(ctx.site())
                .input(ctx.input())
                .source(ctx.source())
                .received(ctx.receivedMicros())
                .timestamp(ctx.receivedMicros())
                .host(host)
                .severity(pri < 0 ? DEFAULT_SEVERITY : pri & 7)
                .facility(pri < 0 ? DEFAULT_FACILITY : pri >> 3)
                .message(text)
                .raw(text)
                .parseError(reason);
        if (truncated) {
            out.field("truncated", "true");
        }
        return out.build();
    }

    /** A cut at or before {@code cut} that does not split a UTF-8 sequence. */
    private static int characterBoundary(byte[] bytes, int offset, int cut) {
        int i = cut;
        while (i > offset && cut - i < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
        }
        return (bytes[i] & 0xC0) == 0x80 ? cut : i;
    }

    private static boolean trailer(byte b) {
        return b == '\n' || b == '\r' || b == 0;
    }

    /** The host part of {@code host:port}, {@code [v6]:port}, a bare host or a bare IPv6 address. */
    static String hostOf(String source) {
        if (source.isEmpty()) {
            return "";
        }
        if (source.charAt(0) == '[') {
            int close = source.indexOf(']');
            return close > 0 ? source.substring(1, close) : source;
        }
        int colon = source.indexOf(':');
        if (colon < 0 || source.indexOf(':', colon + 1) >= 0) {
            return source;
        }
        return source.substring(0, colon);
    }
}
