package io.triad.collector.replication;

import io.netty.buffer.ByteBuf;
import io.triad.collector.journal.EventCodec;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of the replication protocol, and their binary form. On the wire each frame is a 4-byte big-endian
 * length (added and removed by Netty's length-field codecs) followed by a type byte and the frame's fields; strings
 * are a 2-byte length and UTF-8 bytes, numbers are big-endian.
 *
 * <p>The puller (the site that wants the peer's events) opens the connection and sends {@link Hello}; the origin
 * answers {@link Welcome}, then streams {@link Batch}es of its own durable events in origin order, and a {@link
 * Heartbeat} when it has nothing to send. The puller answers each batch, once it is fsynced, with an {@link Ack}. Either
 * side may send {@link Failure} and close.
 *
 * <p>Decoding is a pure function of the bytes; a frame that does not parse fails with {@link ProtocolException} naming
 * what was expected and what came.
 */
sealed interface Frame {

    /** The protocol version this code speaks. */
    short VERSION = 1;

    byte HELLO = 1;
    byte WELCOME = 2;
    byte BATCH = 3;
    byte HEARTBEAT = 4;
    byte ACK = 5;
    byte FAILURE = 6;

    /**
     * The puller's opening.
     *
     * @param site the puller's site id
     * @param journalId the id of the origin's journal that {@code fromPosition} refers to, empty when unknown
     * @param fromPosition the origin journal position to read from (a hint: the origin filters by sequence anyway)
     * @param afterSeq the highest origin sequence the puller holds; the origin sends later ones only
     */
    record Hello(short version, String site, String journalId, long fromPosition, long afterSeq) implements Frame {}

    /**
     * The origin's answer.
     *
     * @param journalId the origin journal's id
     * @param startPosition the position the stream starts at
     * @param maxSeq the origin's highest own sequence now
     */
    record Welcome(String site, String journalId, long startPosition, long maxSeq) implements Frame {}

    /**
     * Events of the origin, in origin order.
     *
     * @param nextPosition the origin journal position after the last record this batch covers
     * @param maxSeq the origin's highest own sequence when the batch was sent
     * @param sentMillis the origin's wall clock when the batch was sent
     */
    record Batch(long nextPosition, long maxSeq, long sentMillis, List<LogEvent> events) implements Frame {}

    /** Sent by the origin when idle: how far its journal is. */
    record Heartbeat(long nextPosition, long maxSeq, long sentMillis) implements Frame {}

    /**
     * The puller holds the origin's events up to {@code seq} durably.
     *
     * @param nextPosition the origin position the puller would read from next
     */
    record Ack(long seq, long nextPosition) implements Frame {}

    /** Why the sender closes the connection. */
    record Failure(String message) implements Frame {}

    /** A frame that does not follow this protocol. */
    final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }

        ProtocolException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ---- encoding

    static void writeHello(ByteBuf out, Hello h) {
        out.writeByte(HELLO).writeShort(h.version());
        writeString(out, h.site());
        writeString(out, h.journalId());
        out.writeLong(h.fromPosition()).writeLong(h.afterSeq());
    }

    static void writeWelcome(ByteBuf out, Welcome w) {
        out.writeByte(WELCOME);
        writeString(out, w.site());
        writeString(out, w.journalId());
        out.writeLong(w.startPosition()).writeLong(w.maxSeq());
    }

    /**
     * Writes a batch header for {@code count} events; each event follows as written by {@link #writeEvent}.
     */
    static void writeBatchHeader(ByteBuf out, long nextPosition, long maxSeq, long sentMillis, int count) {
        out.writeByte(BATCH)
                .writeLong(nextPosition)
                .writeLong(maxSeq)
                .writeLong(sentMillis)
                .writeInt(count);
    }

    /** Writes one event of a batch: its length and its journal form. */
    static int writeEvent(ByteBuf out, EventCodec codec, LogEvent e) {
        int len = codec.encode(e);
        out.writeInt(len).writeBytes(codec.buffer(), 0, len);
        return len + 4;
    }

    static void writeHeartbeat(ByteBuf out, Heartbeat h) {
        out.writeByte(HEARTBEAT)
                .writeLong(h.nextPosition())
                .writeLong(h.maxSeq())
                .writeLong(h.sentMillis());
    }

    static void writeAck(ByteBuf out, Ack a) {
        out.writeByte(ACK).writeLong(a.seq()).writeLong(a.nextPosition());
    }

    static void writeFailure(ByteBuf out, Failure f) {
        out.writeByte(FAILURE);
        String m = f.message();
        writeString(out, m.length() > 4000 ? m.substring(0, 4000) : m);
    }

    // ---- decoding

    /**
     * Decodes one whole frame (the length prefix already removed).
     *
     * @throws ProtocolException when the bytes are not a frame of this protocol
     */
    static Frame read(ByteBuf in) throws ProtocolException {
        if (!in.isReadable()) {
            throw new ProtocolException("empty replication frame: expected a type byte");
        }
        byte type = in.readByte();
        try {
            Frame f = switch (type) {
                case HELLO -> new Hello(in.readShort(), readString(in), readString(in), in.readLong(), in.readLong());
                case WELCOME -> new Welcome(readString(in), readString(in), in.readLong(), in.readLong());
                case BATCH -> readBatch(in);
                case HEARTBEAT -> new Heartbeat(in.readLong(), in.readLong(), in.readLong());
                case ACK -> new Ack(in.readLong(), in.readLong());
                case FAILURE -> new Failure(readString(in));
                default ->
                    throw new ProtocolException("unknown replication frame type " + type + "; expected 1.." + FAILURE);
            };
            if (in.isReadable()) {
                throw new ProtocolException(
                        "replication frame of type " + type + " has " + in.readableBytes() + " bytes after its end");
            }
            return f;
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("replication frame of type " + type + " ends early", e);
        }
    }

    private static Batch readBatch(ByteBuf in) throws ProtocolException {
        long next = in.readLong();
        long maxSeq = in.readLong();
        long sent = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes() / 4) {
            throw new ProtocolException("batch announces " + n + " events but holds " + in.readableBytes() + " bytes");
        }
        List<LogEvent> events = new ArrayList<>(n);
        byte[] scratch = new byte[4096];
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 1 || len > in.readableBytes()) {
                throw new ProtocolException("event " + i + " of a batch has length " + len + " but "
                        + in.readableBytes() + " bytes are left");
            }
            if (scratch.length < len) {
                scratch = new byte[Math.max(len, scratch.length * 2)];
            }
            in.readBytes(scratch, 0, len);
            try {
                events.add(EventCodec.decode(scratch, 0, len));
            } catch (IOException e) {
                throw new ProtocolException("event " + i + " of a batch does not decode: " + e.getMessage(), e);
            }
        }
        return new Batch(next, maxSeq, sent, events);
    }

    private static void writeString(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds the frame maximum (65535)");
        }
        out.writeShort(b.length).writeBytes(b);
    }

    private static String readString(ByteBuf in) {
        int len = in.readUnsignedShort();
        return in.readCharSequence(len, StandardCharsets.UTF_8).toString();
    }
}
