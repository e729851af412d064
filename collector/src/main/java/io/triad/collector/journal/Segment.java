package io.triad.collector.journal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * One segment file of a journal, {@code <20-digit first position>.seg}, and what the journal knows about it; also
 * the record format: {@code [int length][int CRC32C of payload][payload]}, big-endian.
 *
 * <p>NOTE: {@link #lastPosition}, {@link #sizeBytes} and {@link #newestMicros} are written under the journal's
 * append lock (or by recovery and retention) and read anywhere; {@link #channel} and {@link #writtenBytes} belong to
 * the journal's commit thread.
 */
final class Segment {

    /** Bytes of a record header: length and CRC. */
    static final int HEADER = 8;

    /** Marks {@link #newestMicros} as not known yet. */
    static final long UNKNOWN_TIME = Long.MIN_VALUE;

    private static final Pattern NAME = Pattern.compile("\\d{20}\\.seg");

    final long firstPosition;
    final Path path;

    /** The last position in this segment, appended or pending; {@code firstPosition - 1} when empty. */
    volatile long lastPosition;

    /** Bytes of this segment including records not yet written to the file. */
    volatile long sizeBytes;

    /** The receive time (µs) of the segment's last record, or {@link #UNKNOWN_TIME}. */
    volatile long newestMicros = UNKNOWN_TIME;

    /** The channel the commit thread writes through; null until created or after the segment is sealed. */
    @Nullable
    FileChannel channel;

    /** Bytes written to the file so far (commit thread only). */
    long writtenBytes;

    Segment(long firstPosition, Path directory) {
        this.firstPosition = firstPosition;
        this.path = directory.resolve(fileName(firstPosition));
        this.lastPosition = firstPosition - 1;
    }

    static String fileName(long firstPosition) {
        return String.format(Locale.ROOT, "%020d.seg", firstPosition);
    }

    /** Whether a file name is a segment's. */
    static boolean isSegmentName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The first position encoded in a segment file name. */
    static long firstPositionOf(String name) {
        return Long.parseLong(name.substring(0, 20));
    }

    static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    static int getInt(byte[] a, int off) {
        return ((a[off] & 0xFF) << 24) | ((a[off + 1] & 0xFF) << 16) | ((a[off + 2] & 0xFF) << 8) | (a[off + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
