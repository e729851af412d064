package io.triad.collector.otlp;

import io.triad.collector.model.LogEvent;
import java.util.List;
import java.util.Objects;

/**
 * What one OTLP logs export request decoded to (OTLP 1.x "Partial Success"): the events of the accepted log records,
 * how many records were rejected, and why the first of them was.
 *
 * @param events the events of the accepted records, in request order
 * @param rejected how many log records were rejected, 0 when all were accepted
 * @param errorMessage why the first rejected record was rejected, empty when none was
 */
public record OtlpDecoded(List<LogEvent> events, long rejected, String errorMessage) {
    public OtlpDecoded {
        events = List.copyOf(events);
        Objects.requireNonNull(errorMessage, "errorMessage");
        if (rejected < 0) {
            throw new IllegalArgumentException("rejected must be >= 0; got: " + rejected);
        }
    }
}
