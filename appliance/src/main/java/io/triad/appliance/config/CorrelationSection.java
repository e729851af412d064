package io.triad.appliance.config;

import java.util.List;

/**
 * Correlation keys taken at ingest (see {@code io.triad.collector.correlation.CorrelationRules}); changes apply
 * to events received after a restart.
 *
 * @param fields field names whose values become correlation keys of the same name
 * @param extractors regular expressions over the message: key name, pattern, the group that is the value (0 = whole
 *     match)
 */
public record CorrelationSection(
        List<String> fields, List<ExtractorSection> extractors, int maxValuesPerKey, int maxValueChars) {
    /** The defaults. */
    public CorrelationSection() {
        this(
                List.of("correlation_id", "request_id", "alarm_id", "session_id", "transaction_id"),
                List.of(
                        new ExtractorSection("request_id", "req-[0-9a-f-]{36}", 0),
                        new ExtractorSection("alarm_id", "ALM-\\d+", 0),
                        new ExtractorSection("block_id", "blk_-?\\d+", 0)),
                16,
                256);
    }

    public CorrelationSection {
        fields = List.copyOf(fields);
        extractors = List.copyOf(extractors);
    }
}
