package io.triad.search.correlation;

import io.triad.collector.model.LogEvent;
import java.util.List;

/**
 * Every event of one correlation key value: a flow through the system.
 *
 * @param count the events with the value in the time range
 * @param events the first of them in time order, at most the limit asked for
 * @param first the earliest event
 * @param last the latest event
 * @param components the components (else apps) in order of first appearance among {@code events}
 * @param sites the sites in order of first appearance among {@code events}
 * @param error whether any of the {@code count} events has severity error or worse (0..3)
 */
public record Transaction(
        Link key,
        long count,
        List<LogEvent> events,
        LogEvent first,
        LogEvent last,
        List<String> components,
        List<String> sites,
        boolean error) {
    public Transaction {
        events = List.copyOf(events);
        components = List.copyOf(components);
        sites = List.copyOf(sites);
    }

    /** Microseconds from the first event to the last. */
    public long durationMicros() {
        return last.timestamp() - first.timestamp();
    }
}
