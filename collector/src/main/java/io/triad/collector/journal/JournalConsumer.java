package io.triad.collector.journal;

/**
 * A named consumer of a journal (the indexer, replication to a peer) whose progress bounds retention and drives
 * back-pressure: no record after {@link #committedPosition()} is deleted, and the backlog behind the slowest
 * consumer is what {@link Journal#accepting()} limits.
 *
 * <p>NOTE: thread safe.
 */
public interface JournalConsumer {

    /** The consumer's name, unique per journal. */
    String name();

    /** Declares that every record up to and including {@code position} is safely taken (indexed and committed). */
    void commit(long position);

    /** The last position passed to {@link #commit}, or 0. */
    long committedPosition();
}
