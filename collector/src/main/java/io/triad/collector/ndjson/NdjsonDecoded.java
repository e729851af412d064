package io.triad.collector.ndjson;

import io.triad.collector.model.LogEvent;
import java.util.List;

/**
 * What one NDJSON bulk body decoded to: the events of its good lines, in line order, and one error per bad line.
 *
 * @param events the events of the lines that decoded
 * @param errors the lines that did not, in line order
 */
public record NdjsonDecoded(List<LogEvent> events, List<LineError> errors) {
    public NdjsonDecoded {
        events = List.copyOf(events);
        errors = List.copyOf(errors);
    }
}
