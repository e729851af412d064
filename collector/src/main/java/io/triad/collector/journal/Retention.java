package io.triad.collector.journal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a journal's whole old segments, oldest first, by size ({@link JournalConfig#retentionBytes()}) and age
 * ({@link JournalConfig#retentionAge()}), never what is being written, not yet durable, or not yet committed by
 * every consumer (see {@link Journal#enforceRetention()}).
 *
 * <p>NOTE: thread safe; one run at a time (the commit thread's and an explicit call's).
 */
final class Retention {

    // log lines keep the journal's logger name
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final JournalConfig config;
    private final Clock clock;
    private final Segments segments;
    private final Consumers consumers;
    private final CommitProgress progress;
    private final ReentrantLock lock = new ReentrantLock();

    Retention(JournalConfig config, Clock clock, Segments segments, Consumers consumers, CommitProgress progress) {
        this.config = config;
        this.clock = clock;
        this.segments = segments;
        this.consumers = consumers;
        this.progress = progress;
    }

    /** Deletes the segments past retention; returns how many. */
    int enforce() throws IOException {
        lock.lock();
        try {
            if (consumers.isEmpty()) {
                return 0;
            }
            long bound = Math.min(consumers.minCommitted(), progress.durablePosition());
            long total = segments.sizeBytes();
            long cutoffMicros = cutoffMicros();
            int deleted = 0;
            for (Segment s : segments.oldestFirst()) {
                if (!segments.isSealed(s) || s.lastPosition > bound) {
                    break;
                }
                boolean tooBig = total > config.retentionBytes();
                boolean tooOld = newestMicros(s) < cutoffMicros;
                if (!tooBig && !tooOld) {
                    break;
                }
                segments.remove(s);
                Files.deleteIfExists(s.path);
                total -= s.sizeBytes;
                deleted++;
                LOG.info(
                        "journal retention deleted {} (positions {}..{}, {} bytes, {})",
                        s.path.getFileName(),
                        s.firstPosition,
                        s.lastPosition,
                        s.sizeBytes,
                        tooBig ? "size above " + config.retentionBytes() : "older than " + config.retentionAge());
            }
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The receive time of a segment's last record, read from the file the first time it is needed (one sequential
     * pass with a small buffer). When the last record is unreadable, the file's modification time stands in.
     */
    private long newestMicros(Segment s) throws IOException {
        long t = s.newestMicros;
        if (t != Segment.UNKNOWN_TIME) {
            return t;
        }
        byte[] payload = new byte[4096];
        int lastLen = -1;
        int lastCrc = 0;
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(s.path), 64 * 1024))) {
            while (true) {
                int len = in.readInt();
                int crc = in.readInt();
                if (len < 1 || len > config.segmentBytes()) {
                    break;
                }
                if (payload.length < len) {
                    payload = new byte[Math.max(len, payload.length * 2)];
                }
                in.readFully(payload, 0, len);
                lastLen = len;
                lastCrc = crc;
            }
        } catch (EOFException e) {
            // the end of the segment: the last complete record is in payload
        }
        t = Segment.UNKNOWN_TIME;
        if (lastLen > 0 && Segment.crc(payload, 0, lastLen) == lastCrc) {
            try {
                t = EventSerializer.readReceived(payload, 0, lastLen);
            } catch (CorruptRecordException e) {
                t = Segment.UNKNOWN_TIME;
            }
        }
        if (t == Segment.UNKNOWN_TIME) {
            t = TimeUnit.MILLISECONDS.toMicros(Files.getLastModifiedTime(s.path).toMillis());
        }
        s.newestMicros = t;
        return t;
    }

    /** Records received before this time (µs since the epoch) are past the retention age. */
    private long cutoffMicros() {
        Instant now = clock.instant();
        try {
            long nowMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
            Duration age = config.retentionAge();
            long ageMicros = Math.addExact(Math.multiplyExact(age.getSeconds(), 1_000_000L), age.getNano() / 1_000);
            return Math.subtractExact(nowMicros, ageMicros);
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE; // an age beyond the range of µs times: nothing is that old
        }
    }
}
