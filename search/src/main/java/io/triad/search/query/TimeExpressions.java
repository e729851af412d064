package io.triad.search.query;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Parses the time expressions of the search API into microseconds since the epoch (UTC).
 *
 * <ul>
 *   <li>ISO 8601 instants with a zone or offset: {@code 2026-11-22T10:15:30Z}, {@code 2026-11-22T10:15:30.123+01:00};
 *       a date-time without one is taken as UTC: {@code 2026-11-22T10:15:30}.
 *   <li>ISO dates, meaning the start of that UTC day: {@code 2026-11-22}.
 *   <li>A number: microseconds since the epoch.
 *   <li>Date math on {@code now}: {@code now}, {@code now-15m}, {@code now+1h}, {@code now-7d}, {@code now/d} (rounded
 *       down to the start of the day), {@code now-1d/d}. Units: {@code ms}, {@code s}, {@code m}, {@code h}, {@code
 *       d}, {@code w}, {@code M} (month), {@code y}; rounding units: {@code s m h d w M y}.
 * </ul>
 *
 * <p>NOTE: stateless and thread safe.
 */
public final class TimeExpressions {

    private TimeExpressions() {}

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException naming the expression and what was expected
     */
    public static long parse(String text, Clock clock) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time expression must not be empty");
        }
        if (s.startsWith("now")) {
            return toMicros(dateMath(s, clock).toInstant());
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')
                || (s.charAt(0) == '-'
                        && s.length() > 1
                        && s.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'))) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("time in microseconds is out of range; got: " + s, e);
            }
        }
        try {
            if (s.length() == 10) {
                return toMicros(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            char last = s.charAt(s.length() - 1);
            boolean zoned = last == 'Z' || last == 'z' || s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10;
            if (zoned) {
                return toMicros(OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant());
            }
            return toMicros(java.time.LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "time must be an ISO 8601 instant or date (2026-11-22T10:15:30Z,"
                            + " 2026-11-22), microseconds, or now-based date math (now-15m, now/d); got: " + s,
                    e);
        }
    }

    private static ZonedDateTime dateMath(String s, Clock clock) {
        ZonedDateTime t = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int i = 3;
        while (i < s.length()) {
            char op = s.charAt(i++);
            if (op == '/') {
                int end = unitEnd(s, i);
                t = round(t, unit(s, s.substring(i, end)));
                i = end;
            } else if (op == '+' || op == '-') {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException(
                            "expected a number after '" + op + "' at position " + start + " of '" + s + "'");
                }
                long n = Long.parseLong(s.substring(start, i));
                int end = unitEnd(s, i);
                ChronoUnit unit = unit(s, s.substring(i, end));
                i = end;
                t = op == '+' ? t.plus(n, unit) : t.minus(n, unit);
            } else {
                throw new IllegalArgumentException(
                        "expected '+', '-' or '/' at position " + (i - 1) + " of '" + s + "'; got: '" + op + "'");
            }
        }
        return t;
    }

    private static int unitEnd(String s, int i) {
        int end = i;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static ChronoUnit unit(String s, String u) {
        return switch (u) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h", "H" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            case "w" -> ChronoUnit.WEEKS;
            case "M" -> ChronoUnit.MONTHS;
            case "y" -> ChronoUnit.YEARS;
            default ->
                throw new IllegalArgumentException(
                        "time unit must be one of ms, s, m, h, d, w, M, y in '" + s + "'; got: '" + u + "'");
        };
    }

    private static ZonedDateTime round(ZonedDateTime t, ChronoUnit unit) {
        return switch (unit) {
            case WEEKS ->
                t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTHS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case YEARS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            default -> t.truncatedTo(unit);
        };
    }

    static long toMicros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
}
