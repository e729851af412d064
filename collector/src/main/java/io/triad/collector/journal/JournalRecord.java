package io.triad.collector.journal;

import io.triad.collector.model.LogEvent;
import java.util.Objects;

/**
 * One record of a journal.
 *
 * @param position the record's position in this journal: 1 for the first record ever written, then +1 per
 *     record; positions survive restarts and retention
 * @param event the event, with its assigned {@link io.triad.collector.model.EventId}
 */
public record JournalRecord(long position, LogEvent event) {
    public JournalRecord {
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1; got: " + position);
        }
        Objects.requireNonNull(event, "event");
    }
}
