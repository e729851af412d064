package io.triad.web.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Histogram intervals as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, ISO. */
final class Intervals {
    private Intervals() {}

    static long parseMicros(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return positive(text, Duration.parse(t.toUpperCase(Locale.ROOT)).toNanos() / 1000);
            }
            int i = 0;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            if (i == 0 || i == t.length()) {
                throw new IllegalArgumentException(message(text));
            }
            long n = Long.parseLong(t.substring(0, i));
            long unit = switch (t.substring(i)) {
                case "ms" -> 1_000L;
                case "s" -> 1_000_000L;
                case "m" -> 60_000_000L;
                case "h" -> 3_600_000_000L;
                case "d" -> 86_400_000_000L;
                case "w" -> 604_800_000_000L;
                default -> throw new IllegalArgumentException(message(text));
            };
            return positive(text, Math.multiplyExact(n, unit));
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(message(text), e);
        }
    }

    /** A time parameter (ISO 8601 or relative to the clock's now); the error names the parameter. */
    static long time(String name, String text, java.time.Clock clock) {
        try {
            return io.triad.search.query.TimeExpressions.parse(text, clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    static String format(long micros) {
        return Duration.ofNanos(micros * 1000).toString();
    }

    private static long positive(String text, long micros) {
        if (micros <= 0) {
            throw new IllegalArgumentException(message(text));
        }
        return micros;
    }

    private static String message(String text) {
        return "interval must be a positive duration such as 500ms, 30s, 5m, 1h, 1d or PT1M; got: '" + text + "'";
    }
}
