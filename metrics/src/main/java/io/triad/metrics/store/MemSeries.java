package io.triad.metrics.store;

import io.triad.metrics.model.Labels;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One series in memory: its open head chunk and its closed chunks that H2 does not hold yet.
 *
 * <p>NOTE: not thread safe; the mutable fields are guarded by the {@link Head}'s lock.
 */
final class MemSeries {
    final long id;
    final Labels labels;
    XorChunk.@Nullable Appender head;
    /** The log segment that holds the head's first sample; it and later ones are kept while the head is open. */
    long headSegment;

    /** The first millisecond after the head's window (a division per chunk, not per sample). */
    long headWindowEnd;

    long lastTs = Long.MIN_VALUE;
    final List<ChunkRef> pending = new ArrayList<>();

    MemSeries(long id, Labels labels) {
        this.id = id;
        this.labels = labels;
    }
}
