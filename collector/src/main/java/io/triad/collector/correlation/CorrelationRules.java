package io.triad.collector.correlation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What becomes a correlation key at ingest, besides what the codecs take themselves (OTLP and RFC 5424
 * {@code opentelemetry} trace and span ids, GELF {@code _trace_id}, {@code _span_id}, {@code _correlation_id}).
 *
 * @param fieldNames field names whose values become keys of the same name; matched case-insensitively against the
 *     whole field name and against its last dot-separated part, so the RFC 5424 parameter {@code
 *     origin@32473.alarm_id} and the GELF field {@code _alarm_id} both match {@code alarm_id}
 * @param extractors regular expressions over the message, each naming the key its matches become
 * @param maxValuesPerKey the most values one event keeps under one key (further matches are dropped and counted)
 * @param maxValueChars the longest value kept (longer values are dropped and counted)
 */
public record CorrelationRules(
        List<String> fieldNames, List<Extractor> extractors, int maxValuesPerKey, int maxValueChars) {

    public CorrelationRules {
        fieldNames = fieldNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        extractors = List.copyOf(extractors);
        for (String n : fieldNames) {
            Extractor.checkName(n);
        }
        if (maxValuesPerKey < 1) {
            throw new IllegalArgumentException("maxValuesPerKey must be >= 1; got: " + maxValuesPerKey);
        }
        if (maxValueChars < 1) {
            throw new IllegalArgumentException("maxValueChars must be >= 1; got: " + maxValueChars);
        }
    }

    /** The default field names, the example extractors, 16 values per key, 256 characters per value. */
    public static CorrelationRules defaults() {
        return new CorrelationRules(
                List.of("correlation_id", "request_id", "alarm_id", "session_id", "transaction_id"),
                List.of(
                        Extractor.of("request_id", "req-[0-9a-f-]{36}", 0),
                        Extractor.of("alarm_id", "ALM-\\d+", 0),
                        Extractor.of("block_id", "blk_-?\\d+", 0)),
                16,
                256);
    }

    /**
     * A regular expression over the message whose matches (or one group of them) become values of a key.
     *
     * @param name the key, lowercase letters, digits, '_', '-' and '.'
     * @param pattern the expression, searched with {@link java.util.regex.Matcher#find()}
     * @param group the group whose text is the value: 0 for the whole match
     */
    public record Extractor(String name, Pattern pattern, int group) {
        public Extractor {
            checkName(name);
            Objects.requireNonNull(pattern, "pattern");
            int groups = pattern.matcher("").groupCount();
            if (group < 0 || group > groups) {
                throw new IllegalArgumentException("group of extractor '" + name + "' must be within 0.." + groups
                        + " (the groups of /" + pattern + "/); got: " + group);
            }
        }

        /**
         * An extractor from the expression's text.
         *
         * @throws IllegalArgumentException when the expression does not compile (the message has its position)
         */
        public static Extractor of(String name, String regex, int group) {
            try {
                return new Extractor(name, Pattern.compile(regex), group);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "pattern of extractor '" + name + "' is not a valid regular expression: " + e.getMessage(), e);
            }
        }

        static void checkName(String name) {
            if (name.isEmpty() || !name.chars().allMatch(Extractor::nameChar)) {
                throw new IllegalArgumentException(
                        "a correlation key name must be lowercase letters, digits, '_', '-' or '.'; got: '" + name
                                + "'");
            }
        }

        private static boolean nameChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        }
    }
}
