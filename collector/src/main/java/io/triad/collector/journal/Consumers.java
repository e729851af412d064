package io.triad.collector.journal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The consumers registered with one journal, by name, and the lowest position they committed: what bounds
 * retention and what the backlog behind the slowest of them (back-pressure) is measured from.
 *
 * <p>NOTE: thread safe.
 */
final class Consumers {

    private final Map<String, NamedConsumer> byName = new ConcurrentHashMap<>();

    /** Registers (or returns) the consumer of that name; an existing consumer keeps its own committed position. */
    JournalConsumer register(String name, long committedPosition, LongSupplier lastPosition) {
        return byName.computeIfAbsent(name, k -> new NamedConsumer(k, committedPosition, lastPosition));
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The lowest committed position of the consumers; {@link Long#MAX_VALUE} with none registered. */
    long minCommitted() {
        long min = Long.MAX_VALUE;
        for (NamedConsumer c : byName.values()) {
            min = Math.min(min, c.committedPosition());
        }
        return min;
    }

    /** Records up to {@code lastPosition} not yet committed by the slowest consumer; 0 with none registered. */
    long backlog(long lastPosition) {
        if (byName.isEmpty()) {
            return 0;
        }
        return Math.max(0, lastPosition - minCommitted());
    }
}
