package io.triad.collector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one commit's batch of {@link Chunk}s to the segment files, in order, and fsyncs it: creates a rolled
 * segment's file (after writing the sequence file it starts with), seals a full one, and fsyncs the directory when
 * it created a file. A write that fails for want of space is undone and retried until it succeeds (see {@link
 * Journal#stalled()}); any other error is thrown, and fails the journal.
 *
 * <p>NOTE: not thread safe; the commit thread's.
 */
final class ChunkWriter {

    // log lines keep the journal's logger name
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path directory;
    private final Segments segments;
    private final CommitProgress progress;
    private final JournalMeters meters;

    ChunkWriter(Path directory, Segments segments, CommitProgress progress, JournalMeters meters) {
        this.directory = directory;
        this.segments = segments;
        this.progress = progress;
        this.meters = meters;
    }

    /**
     * {@link #write} until it succeeds: after a write error the batch's partial writes are undone (the segments
     * truncated to where they were, a segment the batch created removed) and the whole batch is written again from
     * memory, so a failed fsync never leaves unknown bytes behind. Gives up (throws) only when the journal closes.
     *
     * @param closing whether the journal closes, asked while waiting to retry
     * @return whether a segment was rolled
     */
    boolean writeRetrying(List<Chunk> batch, BooleanSupplier closing) throws IOException {
        Map<Segment, Long> before = new IdentityHashMap<>();
        for (Chunk c : batch) {
            before.putIfAbsent(c.segment, c.create ? 0L : c.segment.writtenBytes);
        }
        while (true) {
            try {
                boolean rolled = write(batch);
                IOException was = progress.stalled();
                if (was != null) {
                    progress.stalled(null);
                    LOG.warn("journal {} writes again after: {}", directory, was.getMessage());
                }
                return rolled;
            } catch (IOException e) {
                if (!outOfSpace(e)) {
                    throw e; // a missing directory, a failing device: the journal fails
                }
                if (progress.stalled() == null) {
                    meters.stalls.increment();
                    LOG.error(
                            "journal {} cannot write ({}); not accepting, retrying the commit of positions up to {}"
                                    + " every {} ms",
                            directory,
                            e.getMessage(),
                            progress.lastPosition(),
                            Journal.STALL_RETRY_MILLIS);
                }
                progress.stalled(e);
                undo(batch, before);
                for (int waited = 0; waited < Journal.STALL_RETRY_MILLIS; waited += 50) {
                    if (closing.getAsBoolean()) {
                        throw e;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /** Whether a write failed for want of space (ENOSPC, EDQUOT): the one failure that is waited out. */
    static boolean outOfSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Writes and fsyncs one batch, in order; returns whether a segment was rolled. */
    private boolean write(List<Chunk> batch) throws IOException {
        long start = System.nanoTime();
        boolean created = false;
        Segment last = batch.get(batch.size() - 1).segment;
        for (Chunk c : batch) {
            Segment s = c.segment;
            if (c.create) {
                OriginSequences.write(directory, c.seqBefore);
                s.channel = FileChannel.open(
                        s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
                created = true;
            }
            FileChannel ch = s.channel;
            if (ch == null) {
                throw new IOException("journal segment " + s + " is not open for writing");
            }
            ByteBuffer b = ByteBuffer.wrap(c.data, 0, c.length);
            while (b.hasRemaining()) {
                s.writtenBytes += ch.write(b, s.writtenBytes);
            }
            if (c.seal) {
                ch.force(false);
                ch.close();
                s.channel = null;
            }
        }
        FileChannel ch = last.channel;
        if (ch != null) {
            ch.force(false);
        }
        if (created) {
            segments.forceDirectory();
        }
        meters.fsync.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return created;
    }

    /** Puts the segments of a failed commit back as they were before it. */
    private void undo(List<Chunk> batch, Map<Segment, Long> before) {
        for (Map.Entry<Segment, Long> e : before.entrySet()) {
            Segment s = e.getKey();
            boolean createdHere = false;
            for (Chunk c : batch) {
                createdHere |= c.segment == s && c.create;
            }
            try {
                FileChannel ch = s.channel;
                if (createdHere) {
                    if (ch != null) {
                        ch.close();
                        s.channel = null;
                    }
                    Files.deleteIfExists(s.path);
                } else {
                    if (ch == null) {
                        ch = FileChannel.open(s.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
                        s.channel = ch;
                    }
                    ch.truncate(e.getValue());
                }
            } catch (IOException x) {
                LOG.warn(
                        "journal {}: undoing a failed commit of {} failed; the retry overwrites it: {}",
                        directory,
                        s,
                        x);
            }
            s.writtenBytes = e.getValue();
        }
    }
}
