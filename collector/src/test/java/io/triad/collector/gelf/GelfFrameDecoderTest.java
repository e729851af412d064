package io.triad.collector.gelf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GelfFrameDecoderTest {

    /** Records the exceptions the decoder fires (the inputs' error handler counts them as {@code frame_too_long}). */
    private static final class Exceptions extends ChannelInboundHandlerAdapter {
        final List<Throwable> caught = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            caught.add(cause);
        }
    }

    private final Exceptions exceptions = new Exceptions();

    private static String read(EmbeddedChannel ch) {
        ByteBuf frame = ch.readInbound();
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    @Test
    void splitsOnNulAndDecodesTheFramesAfterAnOverLongOneInTheSameBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new GelfFrameDecoder(8), exceptions);
        ch.writeInbound(Unpooled.copiedBuffer("one\0" + "x".repeat(20) + "\0two\0", StandardCharsets.UTF_8));
        assertThat(read(ch)).isEqualTo("one");
        assertThat(read(ch)).isEqualTo("two");
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(exceptions.caught).singleElement().isInstanceOf(TooLongFrameException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void reportsAnOverLongFrameSplitAcrossReadsOnceItsNulArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new GelfFrameDecoder(8), exceptions);
        ch.writeInbound(Unpooled.copiedBuffer("y".repeat(12), StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("yyyy\0ok\0", StandardCharsets.UTF_8));
        assertThat(read(ch)).isEqualTo("ok");
        assertThat(exceptions.caught).singleElement().isInstanceOf(TooLongFrameException.class);
        ch.finishAndReleaseAll();
    }
}
