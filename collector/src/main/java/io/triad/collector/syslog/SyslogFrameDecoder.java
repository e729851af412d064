package io.triad.collector.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Splits a syslog TCP stream into messages by RFC 6587 framing, detected anew from the first byte of each frame:
 * a digit starts octet counting ({@code MSG-LEN SP SYSLOG-MSG}, section 3.4.1), anything else non-transparent
 * framing up to a trailer LF, CRLF or NUL (section 3.4.2; the trailer is not part of the frame). Digits not
 * followed by SP within 10 characters (an RFC 3164 message without PRI that starts with a timestamp) are read as
 * non-transparent framing too. Serves RFC 5425 (TLS, always octet counting) placed after the {@code SslHandler}.
 *
 * <p>Emits one {@link ByteBuf} per frame, a retained slice of the input; the next handler owns and releases it.
 * Whitespace and NUL between frames (stray newlines, a CR of a CRLF trailer split off) are skipped. A frame of
 * zero octets yields nothing.
 *
 * <p>A frame longer than {@code maxFrameLength} (an octet count above it, or no trailer within it) does not close
 * the connection: like Netty's {@code LineBasedFrameDecoder} the decoder discards up to the end of that frame (the
 * counted octets, or the next trailer), then fires one {@link TooLongFrameException} through
 * {@code ctx.fireExceptionCaught}, for example {@code "frame length (70000) exceeds the allowed maximum (65536)"},
 * and goes on with the next frame. When the peer closes the connection, bytes of an unfinished frame are emitted
 * as a last frame (for octet counting, the octets that came).
 *
 * <p>NOTE: stateful, one instance per connection; not sharable. Netty calls it from the channel's event loop only.
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {
    /** The default longest frame: 64 KiB. */
    public static final int DEFAULT_MAX_FRAME = 64 * 1024;

    private static final int MAX_COUNT_DIGITS = 10;
    private static final ByteProcessor FIND_TRAILER = value -> value != '\n' && value != 0;

    private static final int NEED_MORE = 0;
    private static final int DONE = 1;
    private static final int NOT_COUNTED = 2;

    private final int maxFrameLength;

    /** Octets of an over-long counted frame still to skip; positive while discarding one. */
    private long discardRemaining;
    /** Whether the decoder skips an over-long non-transparent frame up to its trailer. */
    private boolean discardingToTrailer;
    /** The length of the over-long frame being discarded, for the report. */
    private long discardedLength;
    /** Bytes after the reader index already searched for a trailer in vain. */
    private int scanned;

    /**
     * @param maxFrameLength the longest frame in bytes (octet count, or bytes before the trailer)
     * @throws IllegalArgumentException if {@code maxFrameLength} is less than 1
     */
    public SyslogFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 1 || maxFrameLength > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException(
                    "maxFrameLength must be within 1.." + (Integer.MAX_VALUE - 2) + "; got: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (discardRemaining > 0) {
                int skip = (int) Math.min(discardRemaining, in.readableBytes());
                in.skipBytes(skip);
                discardRemaining -= skip;
                if (discardRemaining > 0) {
                    return;
                }
                tooLong(ctx, discardedLength);
                continue;
            }
            if (discardingToTrailer) {
                int t = trailer(in, in.readerIndex(), in.readableBytes());
                if (t < 0) {
                    discardedLength += in.readableBytes();
                    in.skipBytes(in.readableBytes());
                    return;
                }
                discardedLength += t - in.readerIndex();
                if (t > in.readerIndex() && in.getByte(t) == '\n' && in.getByte(t - 1) == '\r') {
                    discardedLength--;
                }
                in.readerIndex(t + 1);
                discardingToTrailer = false;
                tooLong(ctx, discardedLength);
                continue;
            }
            if (scanned == 0) {
                while (in.isReadable() && between(in.getByte(in.readerIndex()))) {
                    in.skipBytes(1);
                }
            }
            if (!in.isReadable()) {
                return;
            }
            byte first = in.getByte(in.readerIndex());
            if (first >= '0' && first <= '9' && scanned == 0) {
                int result = octetCounted(in, out);
                if (result == NEED_MORE) {
                    return;
                }
                if (result == DONE) {
                    continue;
                }
            }
            if (!nonTransparent(ctx, in, out)) {
                return;
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (discardRemaining > 0 || discardingToTrailer) {
            long length = discardingToTrailer ? discardedLength + in.readableBytes() : discardedLength;
            in.skipBytes(in.readableBytes());
            discardRemaining = 0;
            discardingToTrailer = false;
            tooLong(ctx, length);
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        // The peer closed within a frame: deliver what came rather than lose it.
        int header = scanned == 0 ? countHeader(in) : 0;
        in.skipBytes(header);
        scanned = 0;
        int length = in.readableBytes();
        if (length > maxFrameLength) {
            in.skipBytes(length);
            tooLong(ctx, length);
        } else if (length > 0) {
            out.add(in.readRetainedSlice(length));
        }
    }

    /** RFC 6587 section 3.4.1: {@code MSG-LEN SP SYSLOG-MSG}. */
    private int octetCounted(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int n = in.readableBytes();
        long length = 0;
        int i = 0;
        while (i < n && i <= MAX_COUNT_DIGITS) {
            byte b = in.getByte(r + i);
            if (b < '0' || b > '9') {
                break;
            }
            length = length * 10 + (b - '0');
            i++;
        }
        if (i > MAX_COUNT_DIGITS) {
            return NOT_COUNTED;
        }
        if (i == n) {
            return NEED_MORE;
        }
        if (in.getByte(r + i) != ' ') {
            return NOT_COUNTED;
        }
        if (length > maxFrameLength) {
            in.skipBytes(i + 1);
            discardRemaining = length;
            discardedLength = length;
            return DONE;
        }
        if (n - i - 1 < length) {
            return NEED_MORE;
        }
        in.skipBytes(i + 1);
        if (length > 0) {
            out.add(in.readRetainedSlice((int) length));
        }
        return DONE;
    }

    /**
     * RFC 6587 section 3.4.2: a frame up to LF, CRLF or NUL.
     *
     * @return whether a frame was consumed (emitted or reported too long)
     */
    private boolean nonTransparent(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int n = in.readableBytes();
        int limit = (int) Math.min(n, maxFrameLength + 2L);
        int t = scanned < limit ? trailer(in, r + scanned, limit - scanned) : -1;
        if (t >= 0) {
            scanned = 0;
            int frameEnd = t;
            if (frameEnd > r && in.getByte(t) == '\n' && in.getByte(frameEnd - 1) == '\r') {
                frameEnd--;
            }
            int length = frameEnd - r;
            if (length > maxFrameLength) {
                in.readerIndex(t + 1);
                tooLong(ctx, length);
                return true;
            }
            out.add(in.readRetainedSlice(length));
            in.readerIndex(t + 1);
            return true;
        }
        if (n >= maxFrameLength + 2L) {
            // No trailer within the limit: skip what was searched, then the rest of the frame up to its trailer.
            discardingToTrailer = true;
            discardedLength = limit;
            scanned = 0;
            in.skipBytes(limit);
            return true;
        }
        scanned = limit;
        return false;
    }

    /** The length of an octet-count header ({@code digits SP}) at the reader index, or 0 when there is none. */
    private static int countHeader(ByteBuf in) {
        int r = in.readerIndex();
        int n = in.readableBytes();
        int i = 0;
        while (i < n && i <= MAX_COUNT_DIGITS) {
            byte b = in.getByte(r + i);
            if (b < '0' || b > '9') {
                break;
            }
            i++;
        }
        return i > 0 && i <= MAX_COUNT_DIGITS && i < n && in.getByte(r + i) == ' ' ? i + 1 : 0;
    }

    private void tooLong(ChannelHandlerContext ctx, long length) {
        discardedLength = 0;
        ctx.fireExceptionCaught(new TooLongFrameException(
                "frame length (" + length + ") exceeds the allowed maximum (" + maxFrameLength + ")"));
    }

    /** The index of the first LF or NUL in {@code [from, from + length)}, or -1. */
    private static int trailer(ByteBuf in, int from, int length) {
        return length <= 0 ? -1 : in.forEachByte(from, length, FIND_TRAILER);
    }

    private static boolean between(byte b) {
        return b == '\n' || b == '\r' || b == ' ' || b == '\t' || b == 0;
    }
}
