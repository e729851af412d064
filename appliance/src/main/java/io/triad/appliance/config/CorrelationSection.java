package io.triad.appliance.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Correlation keys taken at ingest (see {@code io.triad.collector.correlation.CorrelationRules}); changes apply
 * to events received after a restart.
 */
public final class CorrelationSection {
    /** Field names whose values become correlation keys of the same name. */
    public List<String> fields =
            new ArrayList<>(List.of("correlation_id", "request_id", "alarm_id", "session_id", "transaction_id"));

    /** Regular expressions over the message: key name, pattern, the group that is the value (0 = whole match). */
    public List<ExtractorSection> extractors = new ArrayList<>(List.of(
            ExtractorSection.of("request_id", "req-[0-9a-f-]{36}"),
            ExtractorSection.of("alarm_id", "ALM-\\d+"),
            ExtractorSection.of("block_id", "blk_-?\\d+")));

    public int maxValuesPerKey = 16;
    public int maxValueChars = 256;
}
