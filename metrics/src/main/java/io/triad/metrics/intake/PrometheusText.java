package io.triad.metrics.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A parser of the Prometheus text exposition format 0.0.4 (and of the sample lines of OpenMetrics 1.0 text, which
 * have the same shape): {@code name{label="value",...} value [timestamp]}, {@code # HELP}/{@code # TYPE} comments,
 * escapes {@code \\ \" \n} in label values, {@code NaN}, {@code +Inf}, {@code -Inf}.
 *
 * <p>A line that does not parse is counted in {@link Result#errors()} with its number and the reason, and the rest
 * of the exposition is kept: one bad line never loses the others.
 *
 * <p>NOTE: stateless and thread safe.
 */
final class PrometheusText {
    private PrometheusText() {}

    /** One sample: the metric name, its labels (without the name), the value and the timestamp if given. */
    record Sample(
            String name,
            Map<String, String> labels,
            double value,
            @Nullable Long timestampMillis) {}

    /** The samples of an exposition and the lines that did not parse. */
    record Result(List<Sample> samples, List<String> errors) {}

    /** Parses a whole exposition. */
    static Result parse(String text) {
        List<Sample> samples = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                if (end == text.length()) {
                    break;
                }
                continue;
            }
            try {
                samples.add(line(line));
            } catch (IllegalArgumentException e) {
                errors.add("line " + lineNo + ": " + e.getMessage());
            }
            if (end == text.length()) {
                break;
            }
        }
        return new Result(samples, errors);
    }

    static Sample line(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && nameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a metric name at column 1; got: '" + clip(line) + "'");
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new TreeMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipSpaces(line, i);
                if (i < n && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int ls = i;
                while (i < n && nameChar(line.charAt(i), i == ls)) {
                    i++;
                }
                if (i == ls) {
                    throw new IllegalArgumentException("expected a label name at column " + (i + 1));
                }
                String label = line.substring(ls, i);
                i = skipSpaces(line, i);
                if (i >= n || line.charAt(i) != '=') {
                    throw new IllegalArgumentException("expected '=' after label " + label + " at column " + (i + 1));
                }
                i = skipSpaces(line, i + 1);
                if (i >= n || line.charAt(i) != '"') {
                    throw new IllegalArgumentException(
                            "expected '\"' opening the value of " + label + " at column " + (i + 1));
                }
                i++;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated value of label " + label);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                }
                labels.put(label, v.toString());
                i = skipSpaces(line, i);
                if (i < n && line.charAt(i) == ',') {
                    i++;
                }
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("expected a value after " + name);
        }
        double value = value(rest[0]);
        Long ts = null;
        if (rest.length > 1) {
            try {
                // Prometheus text: milliseconds; OpenMetrics: seconds with a fraction
                ts = rest[1].contains(".") ? (long) (Double.parseDouble(rest[1]) * 1000) : Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad timestamp '" + rest[1] + "' of " + name, e);
            }
        }
        return new Sample(name, labels, value, ts);
    }

    private static double value(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value '" + clip(s) + "'", e);
                }
            }
        };
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean nameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || c == '_'
                || c == ':'
                || (!first && c >= '0' && c <= '9');
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
