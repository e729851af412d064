package io.triad.collector.journal;

import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JournalReader} that reads segment files through its own channel and a read-ahead buffer, returns only
 * durable records, moves to the next segment when it reaches the end of one, and waits on the journal's commit
 * signal when it has caught up.
 *
 * <p>A record with a wrong CRC or an unreadable payload is skipped and counted; its position is used up. A record
 * whose length is impossible in a sealed segment makes the rest of that segment unreadable: its remaining positions
 * are counted as corrupt and reading goes on in the next segment.
 *
 * <p>NOTE: not thread safe; one thread at a time.
 */
final class TailReader implements JournalReader {

    private static final int READ_AHEAD = 256 * 1024;

    private final Journal journal;
    private long next;
    private @Nullable Segment segment;
    private @Nullable FileChannel channel;
    /** File offset of the record at {@link #next} in {@link #segment}. */
    private long offset;

    private ByteBuffer buf = ByteBuffer.allocate(READ_AHEAD);
    /** File offset of {@code buf.array()[0]}; {@code buf.limit()} bytes are valid. */
    private long bufStart;

    private boolean closed;

    TailReader(Journal journal, long fromPosition) {
        if (fromPosition < 1) {
            throw new IllegalArgumentException("fromPosition must be >= 1; got: " + fromPosition);
        }
        this.journal = journal;
        this.next = fromPosition;
        buf.limit(0);
    }

    @Override
    public List<JournalRecord> poll(int maxRecords, Duration wait) throws IOException, InterruptedException {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1; got: " + maxRecords);
        }
        if (closed) {
            throw new IOException("journal reader is closed");
        }
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        while (true) {
            long first = journal.firstPosition();
            if (next < first) {
                next = first;
                release();
            }
            long durable = journal.durablePosition();
            if (next <= durable) {
                List<JournalRecord> out = read((int) Math.min(maxRecords, durable - next + 1), durable);
                if (!out.isEmpty()) {
                    return out;
                }
                continue; // only corrupt records: look again
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !journal.awaitDurable(next, remaining)) {
                return List.of();
            }
        }
    }

    @Override
    public long nextPosition() {
        return next;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        release();
    }

    private List<JournalRecord> read(int max, long durable) throws IOException {
        List<JournalRecord> out = new ArrayList<>(Math.min(max, 1024));
        while (out.size() < max && next <= durable) {
            Segment s = position();
            if (s == null) {
                break;
            }
            FileChannel ch = channelOf();
            int at = fill(ch, offset, Segment.HEADER);
            if (at < 0) {
                damaged(s, "the file ends at byte " + offset + " before the record");
                continue;
            }
            byte[] a = buf.array();
            int len = Segment.getInt(a, at);
            int crc = Segment.getInt(a, at + 4);
            int body = len < 1 ? -1 : fill(ch, offset + Segment.HEADER, len);
            if (body < 0) {
                damaged(s, "record length " + len + " at byte " + offset + " is impossible");
                continue;
            }
            a = buf.array();
            long position = next;
            next++;
            offset += Segment.HEADER + len;
            if (Segment.crc(a, body, len) != crc) {
                journal.countCorrupt(1);
                continue;
            }
            try {
                LogEvent event = EventSerializer.read(a, body, len);
                out.add(new JournalRecord(position, event));
            } catch (CorruptRecordException e) {
                journal.countCorrupt(1);
            }
        }
        return out;
    }

    /**
     * Makes {@link #segment} and {@link #offset} point at {@link #next}; null when no segment holds it (retention
     * removed it, and the next poll skips ahead).
     */
    private @Nullable Segment position() throws IOException {
        Segment s = journal.segmentHolding(next);
        if (s == null) {
            return null;
        }
        if (s != segment) {
            release();
            try {
                channel = FileChannel.open(s.path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return null; // deleted by retention just now
            }
            segment = s;
            offset = 0;
            long p = s.firstPosition;
            while (p < next) {
                int at = fill(channelOf(), offset, Segment.HEADER);
                int len = at < 0 ? -1 : Segment.getInt(buf.array(), at);
                if (len < 1 || fill(channelOf(), offset + Segment.HEADER, len) < 0) {
                    damaged(s, "record length " + len + " at byte " + offset + " is impossible");
                    return null;
                }
                offset += Segment.HEADER + len;
                p++;
            }
        }
        return s;
    }

    /** Skips the rest of a sealed segment whose framing is damaged, or fails when it is the segment being written. */
    private void damaged(Segment s, String what) throws IOException {
        if (!journal.isSealed(s)) {
            throw new CorruptRecordException("journal segment " + s + " is damaged and still being written: " + what);
        }
        long skipped = s.lastPosition - next + 1;
        journal.countCorrupt(skipped);
        next = s.lastPosition + 1;
        release();
    }

    private FileChannel channelOf() {
        FileChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("no segment open");
        }
        return ch;
    }

    /**
     * Makes the file bytes {@code [fileOffset, fileOffset + n)} available in {@code buf} and returns the array index
     * of the first, or -1 when the file is shorter.
     */
    private int fill(FileChannel ch, long fileOffset, int n) throws IOException {
        if (fileOffset >= bufStart && fileOffset + n <= bufStart + buf.limit()) {
            return (int) (fileOffset - bufStart);
        }
        if (n > buf.capacity()) {
            if (fileOffset + n > ch.size()) {
                return -1;
            }
            buf = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
        }
        buf.clear();
        bufStart = fileOffset;
        while (buf.position() < n) {
            int r = ch.read(buf, fileOffset + buf.position());
            if (r < 0) {
                break;
            }
        }
        buf.flip();
        return buf.limit() >= n ? 0 : -1;
    }

    private void release() throws IOException {
        segment = null;
        buf.clear().limit(0);
        bufStart = 0;
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }
}
