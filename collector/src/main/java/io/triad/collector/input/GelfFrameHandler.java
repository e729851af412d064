package io.triad.collector.input;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.triad.collector.codec.CodecException;
import io.triad.collector.gelf.GelfCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns GELF TCP frames (NUL-delimited, split by a {@code DelimiterBasedFrameDecoder}) into events with a {@link
 * GelfCodec}. A message the codec rejects is counted as an error with reason {@code codec} and skipped; the
 * connection goes on with the next one.
 *
 * <p>NOTE: sharable and thread safe; one instance per input.
 */
@ChannelHandler.Sharable
final class GelfFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(GelfFrameHandler.class);

    private final InputContext input;
    private final GelfCodec codec;

    GelfFrameHandler(InputContext input, GelfCodec codec) {
        this.input = input;
        this.codec = codec;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] payload;
        try {
            payload = ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
        if (isBlank(payload)) {
            return;
        }
        input.meters().bytes(payload.length);
        try {
            ctx.fireChannelRead(
                    codec.decode(payload, input.receive(ctx.channel().remoteAddress())));
            input.meters().events(1);
        } catch (CodecException e) {
            input.meters().error(InputMeters.CODEC);
            LOG.debug("{} from {}: {}", input.input(), ctx.channel().remoteAddress(), e.getMessage());
        }
    }

    /** Whether a frame holds only whitespace (a sender's stray newline between NUL-terminated messages). */
    private static boolean isBlank(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
