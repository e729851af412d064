package io.triad.collector.syslog;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Parses RFC 3339 timestamps as RFC 5424 section 6.2.3 uses them ({@code 2003-10-11T22:14:15.003Z},
 * {@code 2003-08-24T05:14:15.000003-07:00}) straight from bytes, and converts civil times to epoch microseconds.
 *
 * <p>Leniencies, because real senders need them: up to 9 fractional digits (digits past the 6th are dropped),
 * lower-case {@code t} and {@code z}, an offset without a colon ({@code +0200}), no offset at all (the time is
 * then read in the zone the caller passes), and second 60 (a leap second, read as 59).
 *
 * <p>NOTE: stateless; all methods are static and thread safe.
 */
final class IsoTimestamp {
    /** Returned by {@link #parse} when the bytes are no timestamp; the cursor then holds the reason. */
    static final long INVALID = Long.MIN_VALUE;

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private IsoTimestamp() {}

    /**
     * Parses a timestamp at the cursor and leaves the cursor after it.
     *
     * @param field the field name for error messages ({@code "RFC 5424 TIMESTAMP"})
     * @param zone the zone of a timestamp without an offset
     * @return microseconds since the epoch, or {@link #INVALID} with {@link ByteCursor#error} set
     */
    static long parse(ByteCursor c, String field, ZoneId zone) {
        int year = digits(c, 4);
        if (year < 0) {
            return invalid(c, field, "a 4-digit year");
        }
        if (!expect(c, '-')) {
            return invalid(c, field, "'-'");
        }
        int month = digits(c, 2);
        if (month < 1 || month > 12) {
            return invalid(c, field, "a 2-digit month 01..12", where(c, month));
        }
        if (!expect(c, '-')) {
            return invalid(c, field, "'-'");
        }
        int day = digits(c, 2);
        if (day < 1 || day > daysInMonth(year, month)) {
            return invalid(c, field, "a 2-digit day of month 01.." + daysInMonth(year, month), where(c, day));
        }
        int t = c.peek();
        if (t != 'T' && t != 't') {
            return invalid(c, field, "'T'");
        }
        c.pos++;
        int hour = digits(c, 2);
        if (hour < 0 || hour > 23) {
            return invalid(c, field, "a 2-digit hour 00..23", where(c, hour));
        }
        if (!expect(c, ':')) {
            return invalid(c, field, "':'");
        }
        int minute = digits(c, 2);
        if (minute < 0 || minute > 59) {
            return invalid(c, field, "a 2-digit minute 00..59", where(c, minute));
        }
        if (!expect(c, ':')) {
            return invalid(c, field, "':'");
        }
        int second = digits(c, 2);
        if (second < 0 || second > 60) {
            return invalid(c, field, "a 2-digit second 00..60", where(c, second));
        }
        int micros = 0;
        if (c.peek() == '.') {
            c.pos++;
            micros = fraction(c);
            if (micros < 0) {
                return invalid(c, field, "1 to 6 digits of TIME-SECFRAC");
            }
        }
        int offsetSeconds;
        boolean hasOffset = true;
        int o = c.peek();
        if (o == 'Z' || o == 'z') {
            c.pos++;
            offsetSeconds = 0;
        } else if (o == '+' || o == '-') {
            c.pos++;
            int oh = digits(c, 2);
            if (oh < 0 || oh > 23) {
                return invalid(c, field, "a 2-digit offset hour 00..23", where(c, oh));
            }
            if (c.peek() == ':') {
                c.pos++;
            }
            int om = digits(c, 2);
            if (om < 0 || om > 59) {
                return invalid(c, field, "a 2-digit offset minute 00..59", where(c, om));
            }
            offsetSeconds = (oh * 3600 + om * 60) * (o == '-' ? -1 : 1);
        } else {
            offsetSeconds = 0;
            hasOffset = false;
        }
        long epochSecond = hasOffset
                ? localSeconds(year, month, day, hour, minute, Math.min(second, 59)) - offsetSeconds
                : epochSecond(zone, year, month, day, hour, minute, Math.min(second, 59));
        return epochSecond * 1_000_000L + micros;
    }

    /**
     * Reads 1 to 9 fraction digits at the cursor as microseconds (digits past the 6th dropped).
     *
     * @return the microseconds, or -1 when no digit is there
     */
    static int fraction(ByteCursor c) {
        int start = c.pos;
        int micros = 0;
        int n = 0;
        while (n < 9 && ByteCursor.digit(c.peek())) {
            if (n < 6) {
                micros = micros * 10 + (c.peek() - '0');
            }
            c.pos++;
            n++;
        }
        if (c.pos == start) {
            return -1;
        }
        for (int i = n; i < 6; i++) {
            micros *= 10;
        }
        return micros;
    }

    /** Reads exactly {@code n} digits, or returns -1 (cursor moved past the digits that were there). */
    static int digits(ByteCursor c, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = c.peek();
            if (!ByteCursor.digit(d)) {
                return -1;
            }
            v = v * 10 + (d - '0');
            c.pos++;
        }
        return v;
    }

    static int daysInMonth(int year, int month) {
        if (month == 2 && leap(year)) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1L : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** Seconds since the epoch of a civil time read as UTC. */
    static long localSeconds(int year, int month, int day, int hour, int minute, int second) {
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** Seconds since the epoch of a valid civil time in a zone (a time in a DST gap takes the earlier offset). */
    static long epochSecond(ZoneId zone, int year, int month, int day, int hour, int minute, int second) {
        long local = localSeconds(year, month, day, hour, minute, second);
        if (zone instanceof ZoneOffset offset) {
            return local - offset.getTotalSeconds();
        }
        ZoneRules rules = zone.getRules();
        LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, second);
        return local - rules.getOffset(time).getTotalSeconds();
    }

    /** Where a failed {@link #digits} read is reported: the non-digit, or the start of an out-of-range value. */
    private static int where(ByteCursor c, int value) {
        return value < 0 ? c.pos : c.pos - 2;
    }

    private static boolean expect(ByteCursor c, char ch) {
        if (c.peek() == ch) {
            c.pos++;
            return true;
        }
        return false;
    }

    private static long invalid(ByteCursor c, String field, String expected) {
        return invalid(c, field, expected, c.pos);
    }

    private static long invalid(ByteCursor c, String field, String expected, int index) {
        c.fail(field, expected, Math.max(index, c.start));
        return INVALID;
    }
}
