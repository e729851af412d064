package io.triad.collector.journal;

import java.util.Arrays;
import java.util.Map;

/**
 * Records appended to one segment since the last commit, and what the commit must do around them (create the
 * segment's file first, seal it after); reused across commits.
 *
 * <p>NOTE: not thread safe; filled under the journal's append lock, written out by the commit thread after it took
 * the batch.
 */
final class Chunk {

    private static final int INITIAL_BYTES = 64 * 1024;
    private static final int MAX_KEPT_BYTES = 4 << 20;

    Segment segment;
    byte[] data = new byte[INITIAL_BYTES];
    int length;
    /** The segment's file must be created before writing (after the previous segment is sealed). */
    boolean create;
    /** The highest origin sequence per site before this segment, written to the sequence file on create. */
    Map<String, Long> seqBefore = Map.of();
    /** The segment is complete after this chunk: fsync and close it. */
    boolean seal;

    Chunk(Segment segment) {
        this.segment = segment;
    }

    void reset(Segment s) {
        segment = s;
        length = 0;
        create = false;
        seal = false;
        seqBefore = Map.of();
    }

    /** Gives back a buffer that a burst made large, so an idle journal does not hold it. */
    void shrink() {
        if (data.length > MAX_KEPT_BYTES) {
            data = new byte[INITIAL_BYTES];
        }
    }

    void append(byte[] a, int off, int len) {
        if (length + len > data.length) {
            data = Arrays.copyOf(data, Math.max(length + len, data.length * 2));
        }
        System.arraycopy(a, off, data, length, len);
        length += len;
    }
}
