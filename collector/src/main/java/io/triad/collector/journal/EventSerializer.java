package io.triad.collector.journal;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of a {@link LogEvent} stored as the payload of a journal record.
 *
 * <p>Layout, version {@value #VERSION}: a version byte, then the id (origin site as a string, origin sequence as a
 * varint), timestamp and received (zig-zag varints), site, input, source, host, component, layer (strings), severity
 * (one byte), facility + 1 (one byte), app, procId, msgId, message (strings), fields (varint count, then name and
 * value strings), correlation (varint count, then per key: key string, varint count, value strings), parseError and
 * raw (strings). A string is its UTF-8 byte length as a varint followed by the bytes. The round trip is exact for
 * every string that is valid UTF-16; an unpaired surrogate becomes {@code ?}, as {@link String#getBytes} does.
 *
 * <p>NOTE: an instance owns one growable buffer that it reuses for every event, so it is not thread safe; give each
 * writing thread its own or guard it with a lock. The static read methods are thread safe.
 */
final class EventSerializer {

    /** The format version written first in every payload. */
    static final byte VERSION = 1;

    private byte[] buf;
    private int size;
    /** Set by {@link #utf8Length}: whether the string measured was all ASCII. */
    private boolean ascii;

    EventSerializer() {
        this(4096);
    }

    EventSerializer(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Forgets every byte appended so far, keeping the buffer. */
    void clear() {
        size = 0;
    }

    /** The bytes appended since the last {@link #clear()}, valid until the next append. */
    byte[] array() {
        return buf;
    }

    /** How many bytes were appended since the last {@link #clear()}. */
    int size() {
        return size;
    }

    /** Appends {@code n} bytes of room (for a header written later with {@link #putInt}) and returns its offset. */
    int skip(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    /** Writes a big-endian int at an offset already appended. */
    void putInt(int offset, int value) {
        buf[offset] = (byte) (value >>> 24);
        buf[offset + 1] = (byte) (value >>> 16);
        buf[offset + 2] = (byte) (value >>> 8);
        buf[offset + 3] = (byte) value;
    }

    /** Drops every byte appended after {@code newSize}. */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("newSize must be within 0.." + size + "; got: " + newSize);
        }
        size = newSize;
    }

    /**
     * Appends the serialized form of {@code event} under identity {@code id} (which replaces the event's own, so the
     * journal can number an event without copying it).
     *
     * @return the number of bytes appended
     */
    int append(LogEvent event, EventId id) {
        int start = size;
        ensure(64);
        buf[size++] = VERSION;
        writeString(id.originSite());
        writeVarLong(id.originSeq());
        writeVarLong(zigZag(event.timestamp()));
        writeVarLong(zigZag(event.received()));
        writeString(event.site());
        writeString(event.input());
        writeString(event.source());
        writeString(event.host());
        writeString(event.component());
        writeString(event.layer());
        ensure(2);
        buf[size++] = (byte) event.severity();
        buf[size++] = (byte) (event.facility() + 1);
        writeString(event.app());
        writeString(event.procId());
        writeString(event.msgId());
        writeString(event.message());
        Map<String, String> fields = event.fields();
        writeVarLong(fields.size());
        for (Map.Entry<String, String> e : fields.entrySet()) {
            writeString(e.getKey());
            writeString(e.getValue());
        }
        Map<String, List<String>> correlation = event.correlation();
        writeVarLong(correlation.size());
        for (Map.Entry<String, List<String>> e : correlation.entrySet()) {
            writeString(e.getKey());
            List<String> values = e.getValue();
            writeVarLong(values.size());
            for (int i = 0; i < values.size(); i++) {
                writeString(values.get(i));
            }
        }
        writeString(event.parseError());
        writeString(event.raw());
        return size - start;
    }

    /**
     * Reads an event written by {@link #append}.
     *
     * @throws CorruptRecordException when the bytes are not a payload of a known version
     */
    static LogEvent read(byte[] a, int off, int len) throws CorruptRecordException {
        Input in = new Input(a, off, len);
        try {
            in.version();
            EventId id = readId(in);
            long timestamp = unZigZag(in.varLong());
            long received = unZigZag(in.varLong());
            String site = in.string();
            String input = in.string();
            String source = in.string();
            String host = in.string();
            String component = in.string();
            String layer = in.string();
            int severity = in.byteValue();
            int facility = in.byteValue() - 1;
            String app = in.string();
            String procId = in.string();
            String msgId = in.string();
            String message = in.string();
            int fieldCount = in.count();
            Map<String, String> fields = fieldCount == 0 ? Map.of() : new HashMap<>(fieldCount * 2);
            for (int i = 0; i < fieldCount; i++) {
                fields.put(in.string(), in.string());
            }
            int correlationCount = in.count();
            Map<String, List<String>> correlation =
                    correlationCount == 0 ? Map.of() : new HashMap<>(correlationCount * 2);
            for (int i = 0; i < correlationCount; i++) {
                String key = in.string();
                int n = in.count();
                List<String> values = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    values.add(in.string());
                }
                correlation.put(key, values);
            }
            String parseError = in.string();
            String raw = in.string();
            in.expectEnd();
            return new LogEvent(
                    id,
                    timestamp,
                    received,
                    site,
                    input,
                    source,
                    host,
                    component,
                    layer,
                    severity,
                    facility,
                    app,
                    procId,
                    msgId,
                    message,
                    fields,
                    correlation,
                    parseError,
                    raw);
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptRecordException("malformed event payload of " + len + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Reads only the identity of a serialized event (cheap: the id is written first).
     *
     * @throws CorruptRecordException when the bytes are not a payload of a known version
     */
    static EventId readId(byte[] a, int off, int len) throws CorruptRecordException {
        Input in = new Input(a, off, len);
        try {
            in.version();
            return readId(in);
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptRecordException("malformed event payload of " + len + " bytes: " + e.getMessage(), e);
        }
    }

    /** Reads only the receive time (microseconds) of a serialized event. */
    static long readReceived(byte[] a, int off, int len) throws CorruptRecordException {
        Input in = new Input(a, off, len);
        try {
            in.version();
            readId(in);
            in.varLong();
            return unZigZag(in.varLong());
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptRecordException("malformed event payload of " + len + " bytes: " + e.getMessage(), e);
        }
    }

    private static EventId readId(Input in) {
        String site = in.string();
        long seq = in.varLong();
        return site.isEmpty() && seq == 0 ? EventId.NONE : new EventId(site, seq);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + n);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(
                        "event too large to serialize: more than " + (Integer.MAX_VALUE - 16) + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    private void writeVarLong(long v) {
        ensure(10);
        byte[] b = buf;
        int p = size;
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        size = p;
    }

    private void writeString(String s) {
        int n = s.length();
        if (n == 0) {
            ensure(1);
            buf[size++] = 0;
            return;
        }
        int utf8 = utf8Length(s, n);
        writeVarLong(utf8);
        ensure(utf8);
        byte[] b = buf;
        int p = size;
        if (ascii) {
            for (int i = 0; i < n; i++) {
                b[p++] = (byte) s.charAt(i);
            }
            size = p;
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = (byte) '?';
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
    }

    private int utf8Length(String s, int n) {
        int len = n;
        boolean onlyAscii = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                onlyAscii = false;
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // four bytes for two chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    len += 2;
                }
                // an unpaired surrogate is written as one '?'
            }
        }
        ascii = onlyAscii;
        return len;
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A cursor over one payload; bounds are checked against the payload, not only the array. */
    private static final class Input {
        private final byte[] a;
        private final int end;
        private int p;

        Input(byte[] a, int off, int len) {
            this.a = a;
            this.p = off;
            this.end = off + len;
        }

        void version() {
            int v = byteValue();
            if (v != VERSION) {
                throw new IllegalArgumentException("unknown payload version " + v + "; expected " + VERSION);
            }
        }

        int byteValue() {
            if (p >= end) {
                throw new IllegalArgumentException("payload ends early at byte " + p);
            }
            return a[p++];
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = byteValue();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        int count() {
            long n = varLong();
            if (n < 0 || n > end - p) {
                throw new IllegalArgumentException("count " + n + " exceeds the " + (end - p) + " bytes left");
            }
            return (int) n;
        }

        String string() {
            int n = count();
            if (n == 0) {
                return "";
            }
            String s = new String(a, p, n, StandardCharsets.UTF_8);
            p += n;
            return s;
        }

        void expectEnd() {
            if (p != end) {
                throw new IllegalArgumentException((end - p) + " bytes left after the event");
            }
        }
    }
}
