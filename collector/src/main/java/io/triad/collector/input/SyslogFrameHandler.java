package io.triad.collector.input;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.triad.collector.model.LogEvent;
import io.triad.collector.syslog.SyslogCodec;
import java.net.SocketAddress;

/**
 * Turns syslog messages into {@link LogEvent}s with a {@link SyslogCodec}: one frame ({@link ByteBuf}, from the
 * {@code SyslogFrameDecoder} of TCP and TLS) or one datagram ({@link DatagramPacket}, RFC 5426 section 3.1: one
 * message per datagram) at a time. A message that does not parse is kept whole by the codec, passed on and counted
 * as an error with reason {@code parse}.
 *
 * <p>NOTE: sharable and thread safe; one instance per input.
 */
@ChannelHandler.Sharable
final class SyslogFrameHandler extends ChannelInboundHandlerAdapter {
    private final InputContext input;
    private final SyslogCodec codec;

    SyslogFrameHandler(InputContext input, SyslogCodec codec) {
        this.input = input;
        this.codec = codec;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            try {
                decode(ctx, packet.content(), packet.sender());
            } finally {
                packet.release();
            }
        } else if (msg instanceof ByteBuf frame) {
            try {
                decode(ctx, frame, ctx.channel().remoteAddress());
            } finally {
                frame.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void decode(ChannelHandlerContext ctx, ByteBuf bytes, SocketAddress sender) {
        int length = bytes.readableBytes();
        if (length == 0) {
            return;
        }
        input.meters().bytes(length);
        byte[] array;
        int offset;
        if (bytes.hasArray()) {
            array = bytes.array();
            offset = bytes.arrayOffset() + bytes.readerIndex();
        } else {
            array = ByteBufUtil.getBytes(bytes);
            offset = 0;
        }
        LogEvent event = codec.decode(array, offset, length, input.receive(sender));
        input.meters().events(1);
        if (event.failedToParse()) {
            input.meters().error(InputMeters.PARSE);
        }
        ctx.fireChannelRead(event);
    }
}
