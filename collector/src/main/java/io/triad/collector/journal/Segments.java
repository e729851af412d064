package io.triad.collector.journal;

import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The segment files of one journal, by first position: which segment holds a position, which are sealed (a later
 * one exists), their total size; and the fsync of their directory.
 *
 * <p>NOTE: thread safe (a concurrent map); the fields of each {@link Segment} follow its own rules. Segments are
 * added by recovery and by the commit's segment roll, and removed by retention.
 */
final class Segments {

    private final Path directory;
    private final ConcurrentSkipListMap<Long, Segment> byFirstPosition = new ConcurrentSkipListMap<>();

    Segments(Path directory) {
        this.directory = directory;
    }

    /** A new segment in this directory whose first position is {@code firstPosition}, not added yet. */
    Segment segmentAt(long firstPosition) {
        return new Segment(firstPosition, directory);
    }

    void add(Segment s) {
        byFirstPosition.put(s.firstPosition, s);
    }

    void remove(Segment s) {
        byFirstPosition.remove(s.firstPosition);
    }

    /** Every segment, oldest first. */
    Collection<Segment> oldestFirst() {
        return byFirstPosition.values();
    }

    /** The lowest position on disk. */
    long firstPosition() {
        return byFirstPosition.firstKey();
    }

    /** The segment whose positions include {@code position}, or null. */
    @Nullable
    Segment holding(long position) {
        Map.Entry<Long, Segment> e = byFirstPosition.floorEntry(position);
        return e == null ? null : e.getValue();
    }

    /** Whether a later segment exists, so {@code s} will not grow any more. */
    boolean isSealed(Segment s) {
        return byFirstPosition.higherKey(s.firstPosition) != null;
    }

    /** Total bytes of the segments, including records appended but not yet written. */
    long sizeBytes() {
        long total = 0;
        for (Segment s : byFirstPosition.values()) {
            total += s.sizeBytes;
        }
        return total;
    }

    /** Closes every segment's write channel. */
    void closeChannels() throws IOException {
        for (Segment s : byFirstPosition.values()) {
            FileChannel ch = s.channel;
            s.channel = null;
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** Fsyncs the directory, so the segment files created in it survive a power loss. */
    void forceDirectory() throws IOException {
        DurableFiles.forceDirectory(directory);
    }
}
