package io.triad.collector.journal;

import io.triad.collector.model.EventId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Validates the last segment of a journal when it is opened, record by record (length and CRC32C), and cuts a torn
 * tail.
 *
 * <p>A record whose CRC does not match, or whose length is impossible, is corrupt when an intact record follows it:
 * it keeps its position and is counted. When the length is impossible the damaged bytes up to the next intact record
 * are turned into one record with a failing CRC, so readers skip them as one corrupt record with the same position
 * recovery gave it. Everything after the last intact record (a torn write, a zero-filled tail, garbage) is truncated
 * and its bytes counted. Never fails because of what it finds; only an I/O error fails it.
 *
 * <p>NOTE: not thread safe; runs once, before the journal accepts appends or readers.
 */
final class SegmentRecovery {

    /** What one segment held. */
    record Result(
            long records,
            long corruptRecords,
            long truncatedBytes,
            long endOffset,
            Map<String, Long> maxSeqs,
            long lastReceivedMicros) {

        /** The highest sequence of this site's own events in the segment, 0 when none. */
        long maxLocalSeq(String site) {
            return maxSeqs.getOrDefault(site, 0L);
        }
    }

    /** Scans a segment open for reading and writing, repairs damaged headers and truncates its tail. */
    Result recover(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException(
                    "segment larger than " + Integer.MAX_VALUE + " bytes cannot be recovered; got: " + size);
        }
        int n = (int) size;
        if (n == 0) {
            return new Result(0, 0, 0, 0, Map.of(), Segment.UNKNOWN_TIME);
        }
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, n);
        byte[] payload = new byte[4096];
        long records = 0;
        long corrupt = 0;
        int pendingCorrupt = 0;
        List<int[]> pendingRepairs = new ArrayList<>();
        List<int[]> repairs = new ArrayList<>();
        int lastValidEnd = 0;
        Map<String, Long> maxSeqs = new HashMap<>();
        long lastReceived = Segment.UNKNOWN_TIME;
        int off = 0;
        while (off + Segment.HEADER <= n) {
            int len = m.getInt(off);
            int crc = m.getInt(off + 4);
            if (len < 1 || len > n - off - Segment.HEADER) {
                if (allZero(m, off, n)) {
                    break;
                }
                int next = findIntact(m, off + Segment.HEADER + 1, n);
                if (next < 0) {
                    break;
                }
                pendingRepairs.add(new int[] {off, next});
                pendingCorrupt++;
                off = next;
                continue;
            }
            if (crc(m, off + Segment.HEADER, len) != crc) {
                pendingCorrupt++;
                off += Segment.HEADER + len;
                continue;
            }
            records += pendingCorrupt + 1;
            corrupt += pendingCorrupt;
            pendingCorrupt = 0;
            repairs.addAll(pendingRepairs);
            pendingRepairs.clear();
            if (payload.length < len) {
                payload = new byte[Math.max(len, payload.length * 2)];
            }
            m.get(off + Segment.HEADER, payload, 0, len);
            try {
                EventId id = EventSerializer.readId(payload, 0, len);
                maxSeqs.merge(id.originSite(), id.originSeq(), Math::max);
                lastReceived = EventSerializer.readReceived(payload, 0, len);
            } catch (CorruptRecordException e) {
                corrupt++; // intact CRC, unreadable payload: readers skip it too
            }
            off += Segment.HEADER + len;
            lastValidEnd = off;
        }
        for (int[] r : repairs) {
            int start = r[0];
            int bodyLen = r[1] - start - Segment.HEADER;
            ByteBuffer header = ByteBuffer.allocate(Segment.HEADER);
            header.putInt(bodyLen)
                    .putInt(~crc(m, start + Segment.HEADER, bodyLen))
                    .flip();
            while (header.hasRemaining()) {
                ch.write(header, start + header.position());
            }
        }
        long truncated = size - lastValidEnd;
        if (truncated > 0) {
            ch.truncate(lastValidEnd);
        }
        if (truncated > 0 || !repairs.isEmpty()) {
            ch.force(true);
        }
        return new Result(records, corrupt, truncated, lastValidEnd, Map.copyOf(maxSeqs), lastReceived);
    }

    /** The offset of the first intact record at or after {@code from}, or -1. */
    private static int findIntact(MappedByteBuffer m, int from, int n) {
        for (int off = from; off + Segment.HEADER <= n; off++) {
            int len = m.getInt(off);
            if (len >= 1 && len <= n - off - Segment.HEADER && crc(m, off + Segment.HEADER, len) == m.getInt(off + 4)) {
                return off;
            }
        }
        return -1;
    }

    private static boolean allZero(MappedByteBuffer m, int from, int n) {
        for (int i = from; i < n; i++) {
            if (m.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int crc(MappedByteBuffer m, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(m.slice(off, len));
        return (int) c.getValue();
    }
}
