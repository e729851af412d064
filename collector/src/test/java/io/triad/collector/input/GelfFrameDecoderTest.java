package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GelfFrameDecoderTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InputMeters meters = new InputMeters("gelf-tcp", registry);

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
        EmbeddedChannel ch = new EmbeddedChannel(new GelfFrameDecoder(8), new ChannelErrorHandler(meters));
        ch.writeInbound(Unpooled.copiedBuffer("one\0" + "x".repeat(20) + "\0two\0", StandardCharsets.UTF_8));
        assertThat(read(ch)).isEqualTo("one");
        assertThat(read(ch)).isEqualTo("two");
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "frame_too_long")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        ch.finishAndReleaseAll();
    }

    @Test
    void reportsAnOverLongFrameSplitAcrossReadsOnceItsNulArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new GelfFrameDecoder(8), new ChannelErrorHandler(meters));
        ch.writeInbound(Unpooled.copiedBuffer("y".repeat(12), StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("yyyy\0ok\0", StandardCharsets.UTF_8));
        assertThat(read(ch)).isEqualTo("ok");
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "frame_too_long")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        ch.finishAndReleaseAll();
    }
}
