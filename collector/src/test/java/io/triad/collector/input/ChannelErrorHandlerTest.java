package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ChannelErrorHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel ch =
            new EmbeddedChannel(new ChannelErrorHandler(new InputMeters("syslog-tcp", registry)));

    private double errors(String reason) {
        return registry.get("triad.input.errors")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void countsAnOverLongFrameAndKeepsTheConnection() {
        ch.pipeline().fireExceptionCaught(new TooLongFrameException("frame length (70000) exceeds (65536)"));
        assertThat(ch.isOpen()).isTrue();
        assertThat(errors("frame_too_long")).isEqualTo(1.0);
    }

    @Test
    void countsAnUndecodableMessageAndKeepsTheConnection() {
        ch.pipeline().fireExceptionCaught(new DecoderException("bad"));
        assertThat(ch.isOpen()).isTrue();
        assertThat(errors("codec")).isEqualTo(1.0);
    }

    @Test
    void closesOnATlsFailure() {
        ch.pipeline().fireExceptionCaught(new DecoderException(new SSLHandshakeException("no shared cipher")));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errors("tls")).isEqualTo(1.0);
    }

    @Test
    void closesOnAnIoError() {
        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errors("io")).isEqualTo(1.0);
    }

    @Test
    void closesAnIdleConnection() {
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(ch.isOpen()).isFalse();
    }
}
