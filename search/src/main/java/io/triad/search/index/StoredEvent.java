package io.triad.search.index;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * The compact binary form of a {@link LogEvent} kept in the index's one stored field, so a hit is rebuilt without
 * reading any other field.
 *
 * <p>Layout (version 4): a version byte, then variable-length integers (zig-zag where a value may be negative) and
 * strings as a variable-length UTF-8 byte count followed by the bytes, in the order of the record's components;
 * {@code received} is stored as its delay after {@code timestamp} in whole milliseconds, shifted left by one, with
 * the low bit set when a sub-millisecond remainder follows (the inputs take the receive time in milliseconds, so
 * the remainder is rare and the usual delay costs one to four bytes). Maps are a count followed by their entries.
 *
 * <p>What the index already keeps as doc values is not stored twice: the origin sequence, the timestamp and the
 * keyword facets (site, input, host, component, layer, severity, facility, app) cost a few bits there instead of
 * several compressed bytes here. {@link #decode(BytesRef, long, LogEvent.Builder)} takes them back from a builder the
 * caller filled from the doc values.
 *
 * <p>NOTE: stateless and thread safe.
 */
final class StoredEvent {

    private static final byte VERSION = 4;

    private StoredEvent() {}

    /** Serializes an event (without what {@link LogSchema} keeps as doc values; see the class comment). */
    public static BytesRef encode(LogEvent e) {
        ByteBuffersDataOutput out =
                new ByteBuffersDataOutput(128 + e.message().length() + e.raw().length());
        try {
            out.writeByte(VERSION);
            // the origin site only when the event came from another site: usually it is the receiving site
            out.writeString(e.id().originSite().equals(e.site()) ? "" : e.id().originSite());
            writeDelay(out, e.received() - e.timestamp());
            out.writeString(e.source());
            out.writeString(e.procId());
            out.writeString(e.msgId());
            out.writeString(e.message());
            out.writeVInt(e.fields().size());
            for (Map.Entry<String, String> f : e.fields().entrySet()) {
                out.writeString(f.getKey());
                out.writeString(f.getValue());
            }
            out.writeVInt(e.correlation().size());
            for (Map.Entry<String, List<String>> c : e.correlation().entrySet()) {
                out.writeString(c.getKey());
                out.writeVInt(c.getValue().size());
                for (String v : c.getValue()) {
                    out.writeString(v);
                }
            }
            out.writeString(e.parseError());
            out.writeString(e.raw());
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        }
        return new BytesRef(out.toArrayCopy());
    }

    /** Writes a delay in microseconds as milliseconds and, when there is one, the remainder (see the class comment). */
    static void writeDelay(ByteBuffersDataOutput out, long delayMicros) throws IOException {
        long millis = delayMicros / 1_000L; // |millis| < 2^54: the shifted zig-zag below stays positive
        int remainder = (int) (delayMicros % 1_000L); // same sign as millis, so millis * 1000 + remainder == delay
        long zigZag = (millis << 1) ^ (millis >> 63);
        if (remainder == 0) {
            out.writeVLong(zigZag << 1);
        } else {
            out.writeVLong((zigZag << 1) | 1L);
            out.writeZInt(remainder);
        }
    }

    static long readDelay(ByteArrayDataInput in) throws IOException {
        long v = in.readVLong();
        long zigZag = v >>> 1;
        long millis = (zigZag >>> 1) ^ -(zigZag & 1L);
        long remainder = (v & 1L) == 0 ? 0 : in.readZInt();
        return millis * 1_000L + remainder;
    }

    /**
     * Rebuilds an event from its serialized form and the values the index keeps as doc values.
     *
     * @param originSeq the event's origin sequence ({@link LogSchema#SEQ})
     * @param indexed a builder holding the timestamp and the facets (site, input, host, component, layer, severity,
     *     facility, app) read from the doc values; this method completes it
     * @throws IllegalArgumentException when the bytes are not a serialized event of a known version
     */
    public static LogEvent decode(BytesRef bytes, long originSeq, LogEvent.Builder indexed) {
        ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
        try {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("stored event version must be " + VERSION + "; got: " + version);
            }
            String origin = in.readString();
            EventId id = new EventId(origin.isEmpty() ? indexed.site() : origin, originSeq);
            long receivedDelay = readDelay(in);
            LogEvent.Builder b = indexed.id(id)
                    .received(indexed.timestamp() + receivedDelay)
                    .source(in.readString())
                    .procId(in.readString())
                    .msgId(in.readString())
                    .message(in.readString());
            int nFields = in.readVInt();
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < nFields; i++) {
                fields.put(in.readString(), in.readString());
            }
            b.fields(fields);
            int nCorr = in.readVInt();
            for (int i = 0; i < nCorr; i++) {
                String key = in.readString();
                int n = in.readVInt();
                List<String> values = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    values.add(in.readString());
                }
                for (String v : values) {
                    b.correlate(key, v);
                }
            }
            return b.parseError(in.readString()).raw(in.readString()).build();
        } catch (IllegalArgumentException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("stored event is corrupt: " + ex, ex);
        }
    }
}
