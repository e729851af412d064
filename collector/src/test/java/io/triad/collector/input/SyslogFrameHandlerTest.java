package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.triad.collector.model.LogEvent;
import io.triad.collector.syslog.SyslogCodec;
import io.triad.collector.syslog.SyslogFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogFrameHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final InputContext input = new InputContext(
            "site-a", "syslog-udp", clock, new InputMeters("syslog-udp", registry), new RecordingSink());
    private final SyslogFrameHandler handler = new SyslogFrameHandler(input, new SyslogCodec(ZoneOffset.UTC, 1024));

    @Test
    void decodesADatagramWithItsSenderAndReceiveTime() {
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.writeInbound(new DatagramPacket(
                Unpooled.copiedBuffer("<13>1 - host1 app - - - hello", StandardCharsets.UTF_8),
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 5514),
                InetSocketAddress.createUnresolved("10.1.2.3", 40000)));
        LogEvent e = ch.readInbound();
        assertThat(e.message()).isEqualTo("hello");
        assertThat(e.source()).isEqualTo("10.1.2.3:40000");
        assertThat(e.received()).isEqualTo(clock.instant().toEpochMilli() * 1000);
        assertThat(e.input()).isEqualTo("syslog-udp");
        assertThat(registry.get("triad.input.bytes").counter().count()).isEqualTo(29.0);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decodesTcpFramesAndCountsOneThatDoesNotParse() {
        EmbeddedChannel ch = new EmbeddedChannel(new SyslogFrameDecoder(1024), handler);
        ch.writeInbound(Unpooled.copiedBuffer("<13>1 - h a - - - one\n<999>broken\n", StandardCharsets.UTF_8));
        LogEvent one = ch.readInbound();
        LogEvent broken = ch.readInbound();
        assertThat(one.message()).isEqualTo("one");
        assertThat(broken.failedToParse()).isTrue();
        assertThat(registry.get("triad.input.events").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "parse")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        ch.finishAndReleaseAll();
    }
}
