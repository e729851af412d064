package io.triad.collector.gelf;

import io.triad.collector.codec.CodecException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reassembles chunked GELF UDP datagrams (GELF 1.1 "Chunking") into whole payloads.
 *
 * <p>A chunk starts with the magic bytes {@code 0x1e 0x0f}, an 8-byte message id, a one-byte sequence number
 * (0-based) and a one-byte sequence count (1-128), followed by its part of the payload. A datagram without the magic
 * is a whole payload by itself. Chunks may come in any order; a repeated chunk is ignored. A message whose chunks do
 * not all arrive within the timeout (measured from its first chunk) is dropped by {@link #expire} or, when one of its
 * chunks comes late, replaced by a new message. Memory is bounded by {@code maxPendingMessages * maxMessageBytes}.
 *
 * <p>Time is passed in as {@link System#nanoTime()}-style values, so tests control it; the assembler reads no clock.
 *
 * <p>NOTE: not thread safe. Use one instance per UDP channel, from that channel's event loop only.
 */
public final class GelfChunkAssembler {
    /** The most chunks GELF 1.1 allows in one message. */
    public static final int MAX_CHUNKS = 128;

    static final int HEADER_BYTES = 12;

    private final int maxChunks;
    private final long timeoutNanos;
    private final int maxMessageBytes;
    private final int maxPendingMessages;
    /** Pending messages by id, in the order their first chunk came (so the oldest is first). */
    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();

    /**
     * @param maxChunks the most chunks one message may have, 1-128 (the specification's limit is 128)
     * @param timeout how long the chunks of one message may take to arrive, counted from its first chunk (GELF
     *     senders and Graylog use 5 seconds)
     * @param maxMessageBytes the most bytes one reassembled message may have
     * @param maxPendingMessages the most incomplete messages kept at once
     */
    public GelfChunkAssembler(int maxChunks, Duration timeout, int maxMessageBytes, int maxPendingMessages) {
        if (maxChunks < 1 || maxChunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("maxChunks must be within 1.." + MAX_CHUNKS + "; got: " + maxChunks);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive; got: " + timeout);
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1; got: " + maxMessageBytes);
        }
        if (maxPendingMessages < 1) {
            throw new IllegalArgumentException("maxPendingMessages must be >= 1; got: " + maxPendingMessages);
        }
        this.maxChunks = maxChunks;
        this.timeoutNanos = timeout.toNanos();
        this.maxMessageBytes = maxMessageBytes;
        this.maxPendingMessages = maxPendingMessages;
    }

    /** Whether a datagram starts with the GELF chunk magic {@code 0x1e 0x0f}. */
    static boolean isChunk(byte[] datagram) {
        return datagram.length >= 2 && datagram[0] == 0x1e && datagram[1] == 0x0f;
    }

    /**
     * Takes one datagram.
     *
     * @param datagram the UDP payload; not modified, and not kept when it is returned as is
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the whole payload when the datagram is not a chunk, is a message's only chunk, or completes a message;
     *     null while a message is incomplete or when the chunk was a duplicate
     * @throws CodecException when the chunk header is malformed, the sequence count exceeds the limit, the chunk
     *     disagrees with earlier chunks of its message, the message grows past {@code maxMessageBytes}, or too many
     *     messages are pending; the datagram is dropped and other messages are not affected (except that an
     *     oversized message is dropped whole)
     */
    public byte @Nullable [] add(byte[] datagram, long nowNanos) throws CodecException {
        if (!isChunk(datagram)) {
            if (datagram.length > maxMessageBytes) {
                throw new CodecException("GELF message size (" + datagram.length + ") exceeds the allowed maximum ("
                        + maxMessageBytes + ")");
            }
            return datagram;
        }
        if (datagram.length < HEADER_BYTES) {
            throw new CodecException("GELF chunk must have at least its " + HEADER_BYTES + "-byte header; got: "
                    + datagram.length + " bytes");
        }
        long id = messageId(datagram);
        int seq = datagram[10] & 0xff;
        int count = datagram[11] & 0xff;
        if (count > maxChunks) {
            throw new CodecException(
                    "GELF chunk sequence count (" + count + ") exceeds the allowed maximum (" + maxChunks + ")");
        }
        if (count == 0) {
            throw new CodecException("GELF chunk sequence count must be >= 1; got: 0");
        }
        if (seq >= count) {
            throw new CodecException(
                    "GELF chunk sequence number must be < sequence count (" + count + "); got: " + seq);
        }
        int partBytes = datagram.length - HEADER_BYTES;
        if (partBytes > maxMessageBytes) {
            pending.remove(id);
            throw new CodecException(
                    "GELF message size (" + partBytes + ") exceeds the allowed maximum (" + maxMessageBytes + ")");
        }
        if (count == 1) {
            pending.remove(id);
            return part(datagram);
        }
        Pending msg = pending.get(id);
        if (msg != null && nowNanos - msg.firstNanos >= timeoutNanos) {
            pending.remove(id);
            msg = null;
        }
        if (msg == null) {
            if (pending.size() >= maxPendingMessages) {
                expire(nowNanos);
            }
            if (pending.size() >= maxPendingMessages) {
                throw new CodecException("pending GELF messages (" + pending.size() + ") reached the allowed maximum ("
                        + maxPendingMessages + "); chunk dropped");
            }
            msg = new Pending(count, nowNanos);
            pending.put(id, msg);
        } else if (msg.parts.length != count) {
            throw new CodecException("GELF chunk sequence count (" + count
                    + ") differs from the earlier chunks of its message (" + msg.parts.length + ")");
        }
        if (msg.parts[seq] != null) {
            return null;
        }
        if ((long) msg.bytes + partBytes > maxMessageBytes) {
            pending.remove(id);
            throw new CodecException("GELF message size (" + ((long) msg.bytes + partBytes)
                    + ") exceeds the allowed maximum (" + maxMessageBytes + ")");
        }
        msg.parts[seq] = part(datagram);
        msg.bytes += partBytes;
        msg.received++;
        if (msg.received < count) {
            return null;
        }
        pending.remove(id);
        return msg.join();
    }

    /**
     * Drops the incomplete messages whose first chunk came at least the timeout before {@code nowNanos}.
     *
     * @return how many messages were dropped
     */
    public int expire(long nowNanos) {
        int dropped = 0;
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending msg = it.next().getValue();
            if (nowNanos - msg.firstNanos < timeoutNanos) {
                break; // the rest came later
            }
            it.remove();
            dropped++;
        }
        return dropped;
    }

    /** How many incomplete messages are held. */
    public int pendingMessages() {
        return pending.size();
    }

    private static long messageId(byte[] d) {
        long id = 0;
        for (int i = 2; i < 10; i++) {
            id = (id << 8) | (d[i] & 0xffL);
        }
        return id;
    }

    private static byte[] part(byte[] datagram) {
        byte[] p = new byte[datagram.length - HEADER_BYTES];
        System.arraycopy(datagram, HEADER_BYTES, p, 0, p.length);
        return p;
    }

    /** The chunks of one message received so far. */
    private static final class Pending {
        final byte[] @Nullable [] parts;
        final long firstNanos;
        int received;
        int bytes;

        Pending(int count, long firstNanos) {
            this.parts = new byte[count][];
            this.firstNanos = firstNanos;
        }

        byte[] join() {
            byte[] out = new byte[bytes];
            int at = 0;
            for (byte[] p : parts) {
                if (p == null) {
                    throw new IllegalStateException("joining an incomplete GELF message");
                }
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }
}
