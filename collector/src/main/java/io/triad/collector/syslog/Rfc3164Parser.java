package io.triad.collector.syslog;

import io.triad.collector.model.LogEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Parses the part of a BSD syslog message after PRI (RFC 3164 section 4.1.2 HEADER and 4.1.3 MSG) as devices
 * really send it, straight from the bytes.
 *
 * <p>What it reads, in order, each part optional:
 *
 * <ol>
 *   <li>a Cisco IOS sequence number {@code 123: };
 *   <li>the TIMESTAMP: {@code Mmm dd hh:mm:ss} or {@code Mmm  d hh:mm:ss} (section 4.1.2), optionally with a year
 *       before the time, fractional seconds and a {@code UTC}/{@code GMT} zone (Cisco), a year inferred from the
 *       receive time otherwise (a time more than 31 days after the receive time belongs to the year before, one more
 *       than 335 days before it to the year after); an RFC 3339 timestamp (rsyslog, systemd); a Cisco uptime
 *       ({@code 00:00:11}, {@code 1d02h}), kept as field {@code uptime} with the receive time as event time. A
 *       leading {@code *} or {@code .} (Cisco: clock not synchronized) sets field {@code time_unsynced}; after
 *       {@code *} the device time is kept as field {@code device_time} and the receive time is the event time.
 *       Cisco's {@code :} after the timestamp is skipped. Times without an offset are in the configured zone;
 *   <li>the HOSTNAME, unless the token after the timestamp looks like a TAG ({@code name:} or
 *       {@code name[pid]:}), in which case the host is missing; without a TIMESTAMP there is no HOSTNAME either
 *       (section 4.3.2);
 *   <li>the TAG: {@code name[pid]:} gives APP-NAME and PROCID, {@code name:} the APP-NAME, and a Cisco mnemonic
 *       {@code %SYS-5-CONFIG_I:} the MSGID {@code SYS-5-CONFIG_I};
 *   <li>the rest is the message, UTF-8 with malformed bytes replaced.
 * </ol>
 *
 * <p>The parse fails only when the message has neither PRI, nor TIMESTAMP, nor sequence number: then nothing in it
 * is syslog.
 *
 * <p>NOTE: immutable and thread safe.
 */
final class Rfc3164Parser {
    private static final long NONE = IsoTimestamp.INVALID;
    private static final long FUTURE_LIMIT_SECONDS = 31L * 86_400;
    private static final long PAST_LIMIT_SECONDS = 335L * 86_400;
    private static final int MAX_TAG = 48;
    private static final int MAX_PROCID = 128;
    private static final int MAX_HOSTNAME = 255;

    private final ZoneId zone;

    /** @param zone the zone of timestamps without an offset */
    Rfc3164Parser(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Parses from the cursor (right after PRI, or at the start when there was none) to the end and fills
     * {@code out}'s timestamp, host, app, procId, msgId, message and time fields.
     *
     * @return true when parsed; false with {@link ByteCursor#error} set
     */
    boolean parse(ByteCursor c, LogEvent.Builder out, boolean hadPri, String sourceHost, long receivedMicros) {
        boolean sequence = false;
        int p = c.pos;
        int n = digitRun(c, p, 10);
        if (n > 0 && c.at(p + n) == ':' && c.at(p + n + 1) == ' ') {
            // Cisco IOS "service sequence-numbers"
            out.field("sequence", c.ascii(p, p + n));
            c.pos = p + n + 2;
            sequence = true;
        }
        String host = "";
        long t = timestamp(c, out, receivedMicros);
        if (t == NONE && sequence) {
            // Cisco "logging origin-id": "45: router1: *Mar  1 00:00:11.123: ..."
            int s = c.pos;
            int e = tokenEnd(c, s);
            if (e - s > 1 && c.at(e - 1) == ':' && c.at(e) == ' ' && hostname(c, s, e - 1)) {
                c.pos = e + 1;
                t = timestamp(c, out, receivedMicros);
                if (t == NONE) {
                    c.pos = s;
                } else {
                    host = c.ascii(s, e - 1);
                }
            }
        }
        if (t == NONE) {
            if (!hadPri && !sequence) {
                return c.fail("RFC 3164", "'<PRI>' or a TIMESTAMP", c.pos);
            }
            out.timestamp(receivedMicros);
        } else {
            out.timestamp(t);
            skipSpaces(c);
            if (host.isEmpty()) {
                int s = c.pos;
                int e = tokenEnd(c, s);
                if (e > s && !tag(c, s, e) && hostname(c, s, e)) {
                    host = c.ascii(s, e);
                    c.pos = e;
                    skipSpaces(c);
                }
            }
        }
        out.host(host.isEmpty() ? sourceHost : host);
        readTag(c, out);
        int m = c.pos;
        if (c.at(m) == 0xEF && c.at(m + 1) == 0xBB && c.at(m + 2) == 0xBF) {
            m += 3;
        }
        out.message(c.utf8(m, c.end));
        return true;
    }

    /**
     * A TIMESTAMP at the cursor, followed by SP or the end (a Cisco ':' before it is skipped).
     *
     * @return the event time in microseconds with the cursor after it, or {@link #NONE} with the cursor unmoved
     */
    private long timestamp(ByteCursor c, LogEvent.Builder out, long receivedMicros) {
        int s = c.pos;
        int first = c.peek();
        boolean star = first == '*';
        boolean unsynced = star || first == '.';
        if (unsynced) {
            c.pos++;
        }
        int ts = c.pos;
        int ch = c.peek();
        long t = NONE;
        boolean uptime = false;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
            t = bsd(c, receivedMicros);
        } else if (ByteCursor.digit(ch)) {
            if (digitRun(c, c.pos, 4) == 4 && c.at(c.pos + 4) == '-') {
                t = IsoTimestamp.parse(c, "RFC 3164 TIMESTAMP", zone);
                c.error = null;
            } else if (uptime(c)) {
                uptime = true;
                t = receivedMicros;
            }
        }
        int te = c.pos;
        if (t != NONE && c.peek() == ':') {
            c.pos++;
        }
        if (t == NONE || !(c.atEnd() || c.peek() == ' ')) {
            c.pos = s;
            return NONE;
        }
        if (uptime) {
            out.field("uptime", c.ascii(ts, te));
        }
        if (unsynced) {
            out.field("time_unsynced", "true");
            if (star && !uptime) {
                out.field("device_time", c.ascii(ts, te));
                t = receivedMicros;
            }
        }
        return t;
    }

    /** {@code Mmm dd [yyyy ]hh:mm:ss[.f][ UTC|GMT]}; NONE when not that (cursor then anywhere). */
    private long bsd(ByteCursor c, long receivedMicros) {
        int month = month(c);
        if (month < 0 || c.peek() != ' ') {
            return NONE;
        }
        c.pos++;
        if (c.peek() == ' ') {
            c.pos++;
        }
        int dayDigits = digitRun(c, c.pos, 2);
        if (dayDigits == 0) {
            return NONE;
        }
        int day = IsoTimestamp.digits(c, dayDigits);
        if (day < 1 || day > 31 || c.peek() != ' ') {
            return NONE;
        }
        c.pos++;
        int year = -1;
        if (digitRun(c, c.pos, 4) == 4 && c.at(c.pos + 4) == ' ') {
            year = IsoTimestamp.digits(c, 4);
            c.pos++;
        }
        int hour = IsoTimestamp.digits(c, 2);
        if (hour < 0 || hour > 23 || c.peek() != ':') {
            return NONE;
        }
        c.pos++;
        int minute = IsoTimestamp.digits(c, 2);
        if (minute < 0 || minute > 59 || c.peek() != ':') {
            return NONE;
        }
        c.pos++;
        int second = IsoTimestamp.digits(c, 2);
        if (second < 0 || second > 60) {
            return NONE;
        }
        second = Math.min(second, 59);
        int micros = 0;
        if (c.peek() == '.' && ByteCursor.digit(c.at(c.pos + 1))) {
            c.pos++;
            micros = IsoTimestamp.fraction(c);
        }
        ZoneId z = zone;
        if (c.peek() == ' ' && utc(c, c.pos + 1)) {
            c.pos += 4;
            z = ZoneOffset.UTC;
        }
        if (year < 0) {
            long receivedSecond = Math.floorDiv(receivedMicros, 1_000_000L);
            year = Instant.ofEpochSecond(receivedSecond).atZone(z).getYear();
            long approx = IsoTimestamp.localSeconds(year, month, Math.min(day, 28), hour, minute, second);
            if (approx - receivedSecond > FUTURE_LIMIT_SECONDS) {
                year--;
            } else if (receivedSecond - approx > PAST_LIMIT_SECONDS) {
                year++;
            }
        }
        if (day > IsoTimestamp.daysInMonth(year, month)) {
            return NONE;
        }
        return IsoTimestamp.epochSecond(z, year, month, day, hour, minute, second) * 1_000_000L + micros;
    }

    /** Whether {@code UTC} or {@code GMT} followed by ':', SP or the end stands at {@code i}. */
    private static boolean utc(ByteCursor c, int i) {
        int a = c.at(i);
        int b = c.at(i + 1);
        int d = c.at(i + 2);
        int after = c.at(i + 3);
        boolean name = (a == 'U' && b == 'T' && d == 'C') || (a == 'G' && b == 'M' && d == 'T');
        return name && (after == ':' || after == ' ' || after == -1);
    }

    /** An English month abbreviation (case-insensitive) at the cursor: 1-12 with the cursor after it, or -1. */
    private static int month(ByteCursor c) {
        int a = c.at(c.pos) | 0x20;
        int b = c.at(c.pos + 1) | 0x20;
        int d = c.at(c.pos + 2) | 0x20;
        int m = switch (a) {
            case 'j' -> b == 'a' && d == 'n' ? 1 : b == 'u' && d == 'n' ? 6 : b == 'u' && d == 'l' ? 7 : -1;
            case 'f' -> b == 'e' && d == 'b' ? 2 : -1;
            case 'm' -> b == 'a' && d == 'r' ? 3 : b == 'a' && d == 'y' ? 5 : -1;
            case 'a' -> b == 'p' && d == 'r' ? 4 : b == 'u' && d == 'g' ? 8 : -1;
            case 's' -> b == 'e' && d == 'p' ? 9 : -1;
            case 'o' -> b == 'c' && d == 't' ? 10 : -1;
            case 'n' -> b == 'o' && d == 'v' ? 11 : -1;
            case 'd' -> b == 'e' && d == 'c' ? 12 : -1;
            default -> -1;
        };
        if (m > 0) {
            c.pos += 3;
        }
        return m;
    }

    /** A Cisco uptime ({@code 00:00:11}, {@code 123:04:05.678}, {@code 1d02h}, {@code 2w3d}) at the cursor. */
    private static boolean uptime(ByteCursor c) {
        int s = c.pos;
        int n = digitRun(c, s, 6);
        if (n > 0 && c.at(s + n) == ':') {
            c.pos = s + n + 1;
            int minute = IsoTimestamp.digits(c, 2);
            if (minute >= 0 && minute <= 59 && c.peek() == ':') {
                c.pos++;
                int second = IsoTimestamp.digits(c, 2);
                if (second >= 0 && second <= 59) {
                    if (c.peek() == '.' && ByteCursor.digit(c.at(c.pos + 1))) {
                        c.pos++;
                        IsoTimestamp.fraction(c);
                    }
                    return true;
                }
            }
            c.pos = s;
            return false;
        }
        int units = 0;
        while (true) {
            int k = digitRun(c, c.pos, 3);
            int unit = c.at(c.pos + k);
            if (k == 0 || (unit != 'y' && unit != 'w' && unit != 'd' && unit != 'h')) {
                break;
            }
            c.pos += k + 1;
            units++;
        }
        if (units >= 2) {
            return true;
        }
        c.pos = s;
        return false;
    }

    /** Reads a TAG at the cursor when the token there is one, and moves past it and one SP. */
    private static void readTag(ByteCursor c, LogEvent.Builder out) {
        int s = c.pos;
        int e = tokenEnd(c, s);
        if (!tag(c, s, e)) {
            return;
        }
        int nameEnd = e - 1;
        int open = indexOf(c, s, nameEnd, '[');
        if (c.b[s] == '%') {
            out.msgId(c.ascii(s + 1, nameEnd));
        } else if (open < nameEnd) {
            // tag() checked the form name[pid]
            out.app(c.ascii(s, open));
            out.procId(c.ascii(open + 1, nameEnd - 1));
        } else {
            out.app(c.ascii(s, nameEnd));
        }
        c.pos = e;
        if (c.peek() == ' ') {
            c.pos++;
        }
    }

    /**
     * Whether {@code [s, e)} is a TAG: {@code name:} or {@code name[pid]:} of printable US-ASCII, name 1 to 48
     * characters without ':' or '[', pid up to 128 characters; or a Cisco mnemonic {@code %FAC-SEV-MNEMONIC:}.
     */
    private static boolean tag(ByteCursor c, int s, int e) {
        if (e - s < 2 || c.b[e - 1] != ':') {
            return false;
        }
        int nameEnd = e - 1;
        int open = -1;
        for (int i = s; i < nameEnd; i++) {
            int ch = c.b[i] & 0xFF;
            if (!ByteCursor.printable(ch) || ch == ':') {
                return false;
            }
            if (ch == '[' && open < 0) {
                open = i;
            }
        }
        if (open < 0) {
            return nameEnd - s <= MAX_TAG;
        }
        return open > s
                && open - s <= MAX_TAG
                && c.b[nameEnd - 1] == ']'
                && nameEnd - 1 - (open + 1) <= MAX_PROCID
                && indexOf(c, open + 1, nameEnd - 1, '[') == nameEnd - 1
                && indexOf(c, open + 1, nameEnd - 1, ']') == nameEnd - 1;
    }

    /** Whether {@code [s, e)} can be a HOSTNAME: 1 to 255 printable US-ASCII characters. */
    private static boolean hostname(ByteCursor c, int s, int e) {
        if (e <= s || e - s > MAX_HOSTNAME) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (!ByteCursor.printable(c.b[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteCursor c, int from, int to, char ch) {
        for (int i = from; i < to; i++) {
            if (c.b[i] == ch) {
                return i;
            }
        }
        return to;
    }

    /** The end of the token at {@code s}: the next SP or the end. */
    private static int tokenEnd(ByteCursor c, int s) {
        int i = s;
        while (i < c.end && c.b[i] != ' ') {
            i++;
        }
        return i;
    }

    /** How many digits (at most {@code max}) stand at {@code i}. */
    private static int digitRun(ByteCursor c, int i, int max) {
        int n = 0;
        while (n < max && ByteCursor.digit(c.at(i + n))) {
            n++;
        }
        return n;
    }

    private static void skipSpaces(ByteCursor c) {
        while (c.peek() == ' ') {
            c.pos++;
        }
    }
}
