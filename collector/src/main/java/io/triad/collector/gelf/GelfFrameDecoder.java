package io.triad.collector.gelf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.Delimiters;
import io.netty.handler.codec.TooLongFrameException;
import org.jspecify.annotations.Nullable;

/**
 * Splits a GELF TCP stream into messages at each NUL byte (GELF 1.1, "GELF via TCP"). A message longer than the
 * limit is discarded up to its NUL and reported once through {@code exceptionCaught} as a {@link
 * TooLongFrameException}; decoding then goes on with the bytes already received. (Netty's {@link
 * DelimiterBasedFrameDecoder} throws instead, which leaves the messages after the long one in its buffer until the
 * sender writes again.)
 *
 * <p>NOTE: stateful, one instance per connection.
 */
public final class GelfFrameDecoder extends DelimiterBasedFrameDecoder {

    public GelfFrameDecoder(int maxFrameLength) {
        super(maxFrameLength, true, false, Delimiters.nulDelimiter());
    }

    @Override
    protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        try {
            return super.decode(ctx, buffer);
        } catch (TooLongFrameException e) {
            ctx.fireExceptionCaught(e);
            return null;
        }
    }
}
