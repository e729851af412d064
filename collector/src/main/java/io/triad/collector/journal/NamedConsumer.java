package io.triad.collector.journal;

import java.util.function.LongSupplier;

/**
 * A consumer registered with a {@link Journal}: a name and the last position it committed.
 *
 * <p>NOTE: thread safe; the committed position is a volatile value.
 */
final class NamedConsumer implements JournalConsumer {

    private final String name;
    private final LongSupplier lastPosition;
    private volatile long committed;

    NamedConsumer(String name, long committed, LongSupplier lastPosition) {
        this.name = name;
        this.lastPosition = lastPosition;
        this.committed = check(committed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void commit(long position) {
        committed = check(position);
    }

    @Override
    public long committedPosition() {
        return committed;
    }

    private long check(long position) {
        long last = lastPosition.getAsLong();
        if (position < 0 || position > last) {
            throw new IllegalArgumentException("consumer '" + name + "' can commit positions within 0.." + last
                    + " (the journal's last position); got: " + position);
        }
        return position;
    }

    @Override
    public String toString() {
        return name + "@" + committed;
    }
}
