package io.triad.metrics.store;

import io.triad.durable.DurableFiles;
import io.triad.metrics.model.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The store's write-ahead log: segment files {@code <number>.wal} in one directory, each a sequence of records {@code
 * [int payload length][int CRC32C of the payload][payload]}. A payload is a series definition (type 1: id, labels) or
 * a batch of samples (type 2: count, then per sample the series id, the timestamp as a zig-zag delta to the previous
 * one of the record, and the value's 64 bits). Records are buffered in memory and reach the file when the buffer
 * fills or at {@link #sync()}; {@link #sync()} also forces them to the device.
 *
 * <p>Before the store deletes segments it writes {@code <number>.series} ({@link #writeSeriesFile}): the definitions of
 * every series, in the same record format, standing in for the series records of the deleted segments. So the log
 * alone (the newest series file, then the segments) names every series its samples belong to, and a store whose
 * database had to be replaced keeps its head chunks.
 *
 * <p>NOTE: thread safe (methods synchronize on the log; {@link #sync()} forces outside the lock). The store rotates
 * to a new segment at each checkpoint and deletes an older one once H2 holds every chunk with samples in it.
 */
final class WriteAheadLog implements AutoCloseable {
    static final String SUFFIX = ".wal";
    static final String SERIES_SUFFIX = ".series";
    private static final String TMP_SUFFIX = ".tmp";
    private static final byte SERIES = 1;
    private static final byte SAMPLES = 2;
    private static final int HEADER = 8;
    /** A record longer than this is taken for garbage during replay. */
    private static final int MAX_RECORD = 64 << 20;

    private final Path dir;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 20);
    private final RecordBuffer payload = new RecordBuffer();
    private final CRC32C crc = new CRC32C();
    private long segment;
    private FileChannel channel;
    private long segmentBytes;

    private WriteAheadLog(Path dir, long segment) throws IOException {
        this.dir = dir;
        this.segment = segment;
        this.channel = openSegment(dir, segment);
    }

    /** Opens a new, empty segment numbered {@code segment} in {@code dir}. */
    static WriteAheadLog create(Path dir, long segment) throws IOException {
        Files.createDirectories(dir);
        return new WriteAheadLog(dir, segment);
    }

    /** The segment files of a directory, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    static long segmentNumber(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    /** The newest series file of a directory ({@link #writeSeriesFile}), or null when there is none. */
    static @Nullable Path seriesFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SERIES_SUFFIX))
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        }
    }

    /**
     * Writes the definitions of {@code series} to {@code <segment>.series} and deletes older series files. The file is
     * written under a temporary name, forced and renamed, so a crash leaves either the old file or the new one.
     */
    static void writeSeriesFile(Path dir, long segment, List<Map.Entry<Long, Labels>> series) throws IOException {
        RecordBuffer payload = new RecordBuffer();
        CRC32C crc = new CRC32C();
        String name = String.format(Locale.ROOT, "%020d%s", segment, SERIES_SUFFIX);
        DurableFiles.write(dir.resolve(name), os -> {
            ByteBuffer out = ByteBuffer.allocate(1 << 16);
            for (Map.Entry<Long, Labels> e : series) {
                encodeSeries(payload, e.getKey(), e.getValue());
                int len = payload.length();
                crc.reset();
                crc.update(payload.array(), 0, len);
                if (out.remaining() < HEADER + len) {
                    os.write(out.array(), 0, out.position());
                    out.clear();
                }
                if (out.remaining() < HEADER + len) {
                    out = ByteBuffer.allocate(HEADER + len);
                }
                out.putInt(len).putInt((int) crc.getValue()).put(payload.array(), 0, len);
            }
            os.write(out.array(), 0, out.position());
        });
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if ((n.endsWith(SERIES_SUFFIX) || n.endsWith(SERIES_SUFFIX + TMP_SUFFIX)) && n.compareTo(name) < 0) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    synchronized void writeSeries(long id, Labels labels) throws IOException {
        encodeSeries(payload, id, labels);
        writeRecord();
    }

    private static void encodeSeries(RecordBuffer payload, long id, Labels labels) {
        payload.reset();
        payload.put(SERIES);
        payload.putVarLong(id);
        payload.putVarLong(labels.size());
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            payload.putString(e.getKey());
            payload.putString(e.getValue());
        }
    }

    /** Writes the first {@code n} samples of the arrays as one record. */
    synchronized void writeSamples(long[] ids, long[] ts, double[] values, int n) throws IOException {
        payload.reset();
        payload.put(SAMPLES);
        payload.putVarLong(n);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            payload.putVarLong(ids[i]);
            long d = ts[i] - prev;
            payload.putVarLong((d << 1) ^ (d >> 63));
            payload.putLong(Double.doubleToRawLongBits(values[i]));
            prev = ts[i];
        }
        writeRecord();
    }

    /** The number of the segment that writes go to now. */
    synchronized long segment() {
        return segment;
    }

    /** The bytes of the current segment, buffered ones included. */
    synchronized long bytes() {
        return segmentBytes;
    }

    /** Writes the buffer to the file and forces the file to the device. */
    void sync() throws IOException {
        FileChannel ch;
        synchronized (this) {
            flushBuffer();
            ch = channel;
        }
        try {
            ch.force(false);
        } catch (ClosedChannelException e) {
            // rotated meanwhile: the rotation forces the previous segment before closing it
        }
    }

    /**
     * What {@link #rotate()} left: the older segment files, and the previous segment's channel, which {@link
     * #finish()} forces and closes (outside any lock the caller holds).
     */
    record Rotation(List<Path> older, FileChannel previous) {
        void finish() throws IOException {
            try (FileChannel p = previous) {
                p.force(false);
            }
        }
    }

    /** Starts the next segment: later writes go to it. */
    Rotation rotate() throws IOException {
        FileChannel previous;
        long current;
        synchronized (this) {
            flushBuffer();
            previous = channel;
            segment++;
            current = segment;
            channel = openSegment(dir, segment);
            segmentBytes = 0;
        }
        List<Path> older = new ArrayList<>();
        for (Path p : segments(dir)) {
            if (segmentNumber(p) < current) {
                older.add(p);
            }
        }
        return new Rotation(older, previous);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            flushBuffer();
            channel.force(false);
            channel.close();
        }
    }

    private void writeRecord() throws IOException {
        int len = payload.length();
        crc.reset();
        crc.update(payload.array(), 0, len);
        int sum = (int) crc.getValue();
        if (out.remaining() < HEADER + len) {
            flushBuffer();
        }
        if (out.remaining() < HEADER + len) {
            ByteBuffer big = ByteBuffer.allocate(HEADER + len);
            big.putInt(len).putInt(sum).put(payload.array(), 0, len).flip();
            while (big.hasRemaining()) {
                channel.write(big);
            }
        } else {
            out.putInt(len).putInt(sum).put(payload.array(), 0, len);
        }
        segmentBytes += HEADER + len;
    }

    private void flushBuffer() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }

    private static FileChannel openSegment(Path dir, long segment) throws IOException {
        Path p = dir.resolve(String.format(Locale.ROOT, "%020d%s", segment, SUFFIX));
        return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** What replay hands over, record by record. */
    interface Visitor {
        void series(long id, Labels labels) throws IOException;

        void sample(long id, long tsMillis, double value) throws IOException;
    }

    /** What one segment's replay read: whole records, and the bytes after the last good one (a torn tail). */
    record Replay(long records, long bytesDiscarded, String stopReason) {}

    /**
     * Reads one segment, handing each intact record to the visitor. Stops at the first record that is cut off or
     * fails its CRC: what follows it is a torn write of a crash and is discarded (counted).
     */
    static Replay replay(Path segmentFile, Visitor visitor) throws IOException {
        byte[] data = Files.readAllBytes(segmentFile);
        ByteBuffer b = ByteBuffer.wrap(data);
        CRC32C crc = new CRC32C();
        long records = 0;
        String stop = "end of segment";
        while (b.remaining() > 0) {
            int at = b.position();
            if (b.remaining() < HEADER) {
                stop = "record header cut off at offset " + at;
                break;
            }
            int len = b.getInt();
            int sum = b.getInt();
            if (len <= 0 || len > MAX_RECORD || len > b.remaining()) {
                stop = "record at offset " + at + " claims " + len + " bytes, " + b.remaining() + " remain";
                b.position(at);
                break;
            }
            crc.reset();
            crc.update(data, b.position(), len);
            if ((int) crc.getValue() != sum) {
                stop = "CRC mismatch of the record at offset " + at;
                b.position(at);
                break;
            }
            ByteBuffer rec = ByteBuffer.wrap(data, b.position(), len).slice();
            b.position(b.position() + len);
            decode(rec, visitor);
            records++;
        }
        return new Replay(records, b.remaining(), stop);
    }

    private static void decode(ByteBuffer rec, Visitor visitor) throws IOException {
        byte type = rec.get();
        if (type == SERIES) {
            long id = getVarLong(rec);
            int n = (int) getVarLong(rec);
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                labels.put(getString(rec), getString(rec));
            }
            visitor.series(id, Labels.of(labels));
        } else if (type == SAMPLES) {
            int n = (int) getVarLong(rec);
            long prev = 0;
            for (int i = 0; i < n; i++) {
                long id = getVarLong(rec);
                long z = getVarLong(rec);
                long ts = prev + ((z >>> 1) ^ -(z & 1));
                double v = Double.longBitsToDouble(rec.getLong());
                visitor.sample(id, ts, v);
                prev = ts;
            }
        } else {
            throw new IOException("write-ahead log record of unknown type " + type + " (expected 1 or 2)");
        }
    }

    private static long getVarLong(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    private static String getString(ByteBuffer b) {
        int len = (int) getVarLong(b);
        String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }

    /** A growable payload under construction. */
    private static final class RecordBuffer {
        private byte[] buf = new byte[4096];
        private int len;

        void reset() {
            len = 0;
        }

        byte[] array() {
            return buf;
        }

        int length() {
            return len;
        }

        void put(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        void putLong(long v) {
            ensure(8);
            for (int i = 56; i >= 0; i -= 8) {
                buf[len++] = (byte) (v >>> i);
            }
        }

        void putVarLong(long v) {
            ensure(10);
            long x = v;
            while ((x & ~0x7fL) != 0) {
                buf[len++] = (byte) ((x & 0x7f) | 0x80);
                x >>>= 7;
            }
            buf[len++] = (byte) x;
        }

        void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putVarLong(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }
    }
}
