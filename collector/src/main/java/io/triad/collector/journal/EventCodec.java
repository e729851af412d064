package io.triad.collector.journal;

import io.triad.collector.model.LogEvent;
import java.io.IOException;

/**
 * The journal's binary form of one event, for the stages that move events between sites without a journal file in
 * between (inter-site replication): the same bytes as a journal record's payload, so a replicated event is stored
 * exactly as it was written on its origin site.
 *
 * <p>NOTE: an encoder owns one growable buffer that it reuses, so an instance is not thread safe; {@link #decode} is.
 */
public final class EventCodec {

    private final EventSerializer serializer = new EventSerializer(16 * 1024);

    /**
     * Encodes {@code event} (with its id) into this codec's buffer, replacing what was there.
     *
     * @return the number of bytes, found from offset 0 of {@link #buffer()} until the next call
     */
    public int encode(LogEvent event) {
        serializer.clear();
        return serializer.append(event, event.id());
    }

    /** The buffer the last {@link #encode} wrote to. */
    public byte[] buffer() {
        return serializer.array();
    }

    /**
     * Decodes an event {@link #encode} wrote.
     *
     * @throws IOException when the bytes are not an event of a known format version
     */
    public static LogEvent decode(byte[] a, int off, int len) throws IOException {
        return EventSerializer.read(a, off, len);
    }
}
