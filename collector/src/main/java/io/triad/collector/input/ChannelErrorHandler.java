package io.triad.collector.input;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every stream input's pipeline: counts what went wrong and decides whether the connection can
 * go on. An over-long frame or an undecodable message is counted and reading continues with the next one (the
 * framers skip to the next frame); a TLS failure or an I/O error ends the connection, because nothing after it
 * can be read; a connection idle for longer than the idle timeout is closed. A UDP channel is the input itself
 * and is never closed here: its errors (an ICMP port unreachable, say) are only counted.
 *
 * <p>NOTE: sharable and thread safe; one instance per input.
 */
@ChannelHandler.Sharable
@SuppressWarnings("FutureReturnValueIgnored") // Netty channel futures: outcomes are handled by listeners
final class ChannelErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelErrorHandler.class);

    private final InputMeters meters;

    ChannelErrorHandler(InputMeters meters) {
        this.meters = meters;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            meters.error(InputMeters.FRAME_TOO_LONG);
            LOG.debug("{} from {}: {}", meters.input(), ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            meters.error(InputMeters.TLS);
            LOG.debug(
                    "{} from {}: TLS failed: {}", meters.input(), ctx.channel().remoteAddress(), cause.toString());
            closeConnection(ctx);
        } else if (cause instanceof IOException) {
            meters.error(InputMeters.IO);
            LOG.debug("{} from {}: {}", meters.input(), ctx.channel().remoteAddress(), cause.toString());
            closeConnection(ctx);
        } else if (cause instanceof DecoderException) {
            meters.error(InputMeters.CODEC);
            LOG.debug("{} from {}: {}", meters.input(), ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            meters.error(InputMeters.IO);
            LOG.warn(
                    "{} from {}: unexpected failure",
                    meters.input(),
                    ctx.channel().remoteAddress(),
                    cause);
            closeConnection(ctx);
        }
    }

    private static void closeConnection(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof DatagramChannel)) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug(
                    "{}: closing idle connection from {}",
                    meters.input(),
                    ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
