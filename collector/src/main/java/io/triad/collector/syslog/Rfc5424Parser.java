package io.triad.collector.syslog;

import io.triad.collector.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the part of an RFC 5424 message after PRI: VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID
 * (section 6.2), STRUCTURED-DATA (section 6.3) and MSG (section 6.4), straight from the bytes.
 *
 * <p>Header fields must be PRINTUSASCII within the lengths of section 6.1 (HOSTNAME 255, APP-NAME 48, PROCID 128,
 * MSGID 32, SD-NAME 32); a longer or malformed field fails the parse. NILVALUE ({@code -}) yields an empty string,
 * for HOSTNAME the sender's address, for TIMESTAMP the receive time. Each SD-PARAM becomes the field
 * {@code sdId.paramName} (values of a repeated name joined by {@code ,}); PARAM-VALUE escapes {@code \"},
 * {@code \\} and {@code \]} are undone (section 6.3.3, any other backslash is kept). The {@code trace_id} and
 * {@code span_id} of the element {@code opentelemetry} are also correlation keys. A UTF-8 BOM before MSG is
 * dropped; MSG is decoded as UTF-8 with malformed bytes replaced. Lenient where real senders need it: several SP
 * between SD-PARAMs, and the leniencies of {@link IsoTimestamp}.
 *
 * <p>NOTE: immutable and thread safe.
 */
final class Rfc5424Parser {
    static final int MAX_HOSTNAME = 255;
    static final int MAX_APP_NAME = 48;
    static final int MAX_PROCID = 128;
    static final int MAX_MSGID = 32;
    static final int MAX_SD_NAME = 32;

    private static final String SD = "RFC 5424 STRUCTURED-DATA";

    private final ZoneId zone;

    /** @param zone the zone of a TIMESTAMP without an offset (which section 6.2.3 does not allow) */
    Rfc5424Parser(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Parses from VERSION (the cursor stands right after PRI) to the end and fills {@code out}.
     *
     * @return true when parsed; false with {@link ByteCursor#error} set, {@code out} then half filled
     */
    boolean parse(ByteCursor c, LogEvent.Builder out, String sourceHost, long receivedMicros) {
        // 6.2.2 VERSION: this parser knows version 1 only.
        if (c.peek() != '1' || c.at(c.pos + 1) != ' ') {
            return c.fail("RFC 5424 VERSION", "'1' and SP", c.pos);
        }
        c.pos += 2;
        // 6.2.3 TIMESTAMP
        if (c.peek() == '-' && c.at(c.pos + 1) == ' ') {
            out.timestamp(receivedMicros);
            c.pos++;
        } else {
            long t = IsoTimestamp.parse(c, "RFC 5424 TIMESTAMP", zone);
            if (t == IsoTimestamp.INVALID) {
                return false;
            }
            out.timestamp(t);
        }
        if (!space(c, "RFC 5424 TIMESTAMP")) {
            return false;
        }
        // 6.2.4 HOSTNAME, 6.2.5 APP-NAME, 6.2.6 PROCID, 6.2.7 MSGID
        int s = c.pos;
        if (!field(c, "RFC 5424 HOSTNAME", MAX_HOSTNAME) || !space(c, "RFC 5424 HOSTNAME")) {
            return false;
        }
        out.host(nil(c, s) ? sourceHost : c.ascii(s, c.pos - 1));
        s = c.pos;
        if (!field(c, "RFC 5424 APP-NAME", MAX_APP_NAME) || !space(c, "RFC 5424 APP-NAME")) {
            return false;
        }
        out.app(nil(c, s) ? "" : c.ascii(s, c.pos - 1));
        s = c.pos;
        if (!field(c, "RFC 5424 PROCID", MAX_PROCID) || !space(c, "RFC 5424 PROCID")) {
            return false;
        }
        out.procId(nil(c, s) ? "" : c.ascii(s, c.pos - 1));
        s = c.pos;
        if (!field(c, "RFC 5424 MSGID", MAX_MSGID) || !space(c, "RFC 5424 MSGID")) {
            return false;
        }
        out.msgId(nil(c, s) ? "" : c.ascii(s, c.pos - 1));
        // 6.3 STRUCTURED-DATA
        int sd = c.peek();
        if (sd == '-') {
            c.pos++;
        } else if (sd == '[') {
            Map<String, String> fields = new LinkedHashMap<>();
            do {
                if (!element(c, out, fields)) {
                    return false;
                }
            } while (c.peek() == '[');
            out.fields(fields);
        } else {
            return c.fail(SD, "'-' or '['", c.pos);
        }
        // 6.4 MSG
        if (c.atEnd()) {
            out.message("");
            return true;
        }
        if (c.peek() != ' ') {
            return c.fail(SD, "SP or end of input", c.pos);
        }
        c.pos++;
        int m = c.pos;
        if (c.at(m) == 0xEF && c.at(m + 1) == 0xBB && c.at(m + 2) == 0xBF) {
            m += 3;
        }
        out.message(c.utf8(m, c.end));
        return true;
    }

    /** One SD-ELEMENT (6.3.1); the cursor stands on '['. */
    private static boolean element(ByteCursor c, LogEvent.Builder out, Map<String, String> fields) {
        c.pos++;
        int s = c.pos;
        if (!sdName(c, "SD-ID")) {
            return false;
        }
        String id = c.ascii(s, c.pos);
        boolean otel = id.equals("opentelemetry") || id.startsWith("opentelemetry@");
        while (true) {
            int ch = c.peek();
            if (ch == ']') {
                c.pos++;
                return true;
            }
            if (ch != ' ') {
                return c.fail(SD, ch < 0 ? "']'" : "SP or ']'", c.pos);
            }
            while (c.peek() == ' ') {
                c.pos++;
            }
            if (c.peek() == ']') {
                c.pos++;
                return true;
            }
            int ns = c.pos;
            if (!sdName(c, "PARAM-NAME")) {
                return false;
            }
            int ne = c.pos;
            if (c.peek() != '=') {
                return c.fail(SD, "'=' after PARAM-NAME", c.pos);
            }
            c.pos++;
            if (c.peek() != '"') {
                return c.fail(SD, "'\"' opening PARAM-VALUE", c.pos);
            }
            c.pos++;
            int vs = c.pos;
            boolean escaped = false;
            byte[] b = c.b;
            while (true) {
                if (c.pos >= c.end) {
                    return c.fail(SD, "'\"' closing PARAM-VALUE", c.pos);
                }
                byte v = b[c.pos];
                if (v == '"') {
                    break;
                }
                if (v == '\\' && c.pos + 1 < c.end) {
                    escaped = true;
                    c.pos += 2;
                } else {
                    c.pos++;
                }
            }
            String value = escaped ? unescape(b, vs, c.pos) : c.utf8(vs, c.pos);
            c.pos++;
            String name = c.ascii(ns, ne);
            fields.merge(id + "." + name, value, Rfc5424Parser::join);
            if (otel && (name.equals("trace_id") || name.equals("span_id"))) {
                out.correlate(name, value);
            }
        }
    }

    private static String join(String earlier, String later) {
        return earlier + "," + later;
    }

    /** SD-NAME (6.3.2): 1 to 32 PRINTUSASCII except '=', SP, ']' and '"'. */
    private static boolean sdName(ByteCursor c, String what) {
        int s = c.pos;
        while (c.pos < c.end) {
            int ch = c.b[c.pos] & 0xFF;
            if (!ByteCursor.printable(ch) || ch == '=' || ch == ']' || ch == '"') {
                break;
            }
            c.pos++;
        }
        int n = c.pos - s;
        if (n == 0) {
            return c.fail(SD, what + " of printable US-ASCII except '=', SP, ']' and '\"'", s);
        }
        if (n > MAX_SD_NAME) {
            return c.fail(SD, what + " of at most " + MAX_SD_NAME + " characters", s, n + " characters");
        }
        return true;
    }

    /** PARAM-VALUE with the escapes of 6.3.3 undone; a backslash before any other character stays. */
    private static String unescape(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte v = b[i];
            if (v == '\\' && i + 1 < to) {
                byte next = b[i + 1];
                if (next == '"' || next == '\\' || next == ']') {
                    out[n++] = next;
                    i++;
                    continue;
                }
            }
            out[n++] = v;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** A header field of 1 to {@code max} PRINTUSASCII characters (6.1), ending before SP or the end. */
    private static boolean field(ByteCursor c, String name, int max) {
        int s = c.pos;
        byte[] b = c.b;
        while (c.pos < c.end) {
            int ch = b[c.pos] & 0xFF;
            if (ch == ' ') {
                break;
            }
            if (!ByteCursor.printable(ch)) {
                return c.fail(name, "printable US-ASCII or SP", c.pos);
            }
            c.pos++;
        }
        int n = c.pos - s;
        if (n == 0) {
            return c.fail(name, "1 to " + max + " printable US-ASCII characters", s);
        }
        if (n > max) {
            return c.fail(name, "at most " + max + " characters", s, n + " characters");
        }
        return true;
    }

    private static boolean space(ByteCursor c, String after) {
        if (c.peek() == ' ') {
            c.pos++;
            return true;
        }
        return c.fail(after, "SP", c.pos);
    }

    /** Whether the field that ended before the SP just passed is NILVALUE. */
    private static boolean nil(ByteCursor c, int fieldStart) {
        return c.pos - 1 - fieldStart == 1 && c.b[fieldStart] == '-';
    }
}
