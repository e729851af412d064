package io.triad.search.correlation;

import java.util.List;

/**
 * One transaction of a {@link TransactionsRequest}: the events of one key value that lie within the request's span
 * and pause limits.
 *
 * @param value the key's value
 * @param count its events
 * @param startMicros the first event's timestamp
 * @param endMicros the last event's timestamp
 * @param components the components (else apps) in order of first appearance
 * @param error whether any event has severity error or worse (0..3)
 * @param firstMessage the message of the first event
 */
public record TransactionSummary(
        String value,
        int count,
        long startMicros,
        long endMicros,
        List<String> components,
        boolean error,
        String firstMessage) {
    public TransactionSummary {
        components = List.copyOf(components);
    }

    public long durationMicros() {
        return endMicros - startMicros;
    }
}
