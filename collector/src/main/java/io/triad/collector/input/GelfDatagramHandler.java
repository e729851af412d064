package io.triad.collector.input;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.triad.collector.codec.CodecException;
import io.triad.collector.gelf.GelfChunkAssembler;
import io.triad.collector.gelf.GelfCodec;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns GELF UDP datagrams into events: whole messages directly, chunked ones (GELF 1.1 "Chunking") through this
 * channel's {@link GelfChunkAssembler}, whose incomplete messages a timer expires every second. A rejected chunk or
 * message is counted as an error with reason {@code codec}, an expired incomplete message with reason {@code
 * chunk_timeout}.
 *
 * <p>NOTE: one instance per channel (the assembler is not thread safe); all methods run on the channel's event
 * loop.
 */
final class GelfDatagramHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(GelfDatagramHandler.class);

    private final InputContext input;
    private final GelfCodec codec;
    private final GelfChunkAssembler assembler;
    private final LongSupplier nanoTime;
    private @Nullable ScheduledFuture<?> expiry;

    GelfDatagramHandler(InputContext input, GelfCodec codec, GelfChunkAssembler assembler, LongSupplier nanoTime) {
        this.input = input;
        this.codec = codec;
        this.assembler = assembler;
        this.nanoTime = nanoTime;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        expiry = ctx.executor().scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ScheduledFuture<?> e = expiry;
        if (e != null) {
            e.cancel(false);
            expiry = null;
        }
    }

    /** Drops incomplete messages older than the chunk timeout, counting each. */
    void expire() {
        int expired = assembler.expire(nanoTime.getAsLong());
        for (int i = 0; i < expired; i++) {
            input.meters().error(InputMeters.CHUNK_TIMEOUT);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] datagram;
        try {
            datagram = ByteBufUtil.getBytes(packet.content());
        } finally {
            packet.release();
        }
        input.meters().bytes(datagram.length);
        try {
            byte[] payload = assembler.add(datagram, nanoTime.getAsLong());
            if (payload != null) {
                ctx.fireChannelRead(codec.decode(payload, input.receive(packet.sender())));
                input.meters().events(1);
            }
        } catch (CodecException e) {
            input.meters().error(InputMeters.CODEC);
            LOG.debug("{} from {}: {}", input.input(), packet.sender(), e.getMessage());
        }
    }
}
