package io.triad.collector.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link SyslogFrameDecoder} with arbitrary streams cut into arbitrary reads: the only exception it fires is
 * {@link TooLongFrameException}, no frame exceeds the maximum, and frames never hold more bytes than came in. A
 * normal test run replays the seed corpus in {@code SyslogFrameDecoderFuzzTestInputs/framesStayWithinLimits/};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class SyslogFrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void framesStayWithinLimits(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 300);
        List<Throwable> caught = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new SyslogFrameDecoder(max), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
            }
        });
        long in = 0;
        long framed = 0;
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
            in += chunk.length;
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            framed += drain(ch, max);
        }
        ch.finish();
        framed += drain(ch, max);
        assertThat(framed).isLessThanOrEqualTo(in);
        assertThat(caught).allMatch(t -> t instanceof TooLongFrameException, "only TooLongFrameException");
    }

    private static long drain(EmbeddedChannel ch, int max) {
        long bytes = 0;
        ByteBuf frame;
        while ((frame = ch.readInbound()) != null) {
            try {
                assertThat(frame.readableBytes()).isBetween(1, max);
                bytes += frame.readableBytes();
            } finally {
                frame.release();
            }
        }
        return bytes;
    }
}
