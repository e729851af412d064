package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.triad.collector.gelf.GelfChunkAssembler;
import io.triad.collector.gelf.GelfCodec;
import io.triad.collector.model.LogEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GelfDatagramHandlerTest {
    private static final InetSocketAddress SENDER = InetSocketAddress.createUnresolved("10.0.0.7", 12345);
    private static final InetSocketAddress LOCAL =
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 12201);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final EmbeddedChannel ch = new EmbeddedChannel(new GelfDatagramHandler(
            new InputContext(
                    "site-a",
                    "gelf-udp",
                    Clock.systemUTC(),
                    new InputMeters("gelf-udp", registry),
                    new RecordingSink()),
            new GelfCodec(1 << 20),
            new GelfChunkAssembler(128, Duration.ofSeconds(5), 1 << 20, 16),
            nanos::get));

    private static byte[] message(String text) {
        return ("{\"host\":\"h\",\"short_message\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesChunksOnceTheLastArrives() {
        List<byte[]> chunks = GelfInputsIT.chunks(message("chunked"), 7L, 10);
        for (int i = 0; i < chunks.size() - 1; i++) {
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(chunks.get(i)), LOCAL, SENDER));
        }
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(chunks.get(chunks.size() - 1)), LOCAL, SENDER));
        LogEvent e = ch.readInbound();
        assertThat(e.message()).isEqualTo("chunked");
        assertThat(e.source()).isEqualTo("10.0.0.7:12345");
        ch.finishAndReleaseAll();
    }

    @Test
    void expiresAnIncompleteMessageOnTheTimerAndCountsIt() {
        List<byte[]> chunks = GelfInputsIT.chunks(message("never finished"), 9L, 10);
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(chunks.get(0)), LOCAL, SENDER));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "chunk_timeout")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        ch.finishAndReleaseAll();
    }

    @Test
    void countsARejectedMessageAndGoesOn() {
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("[1,2]", StandardCharsets.UTF_8), LOCAL, SENDER));
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(message("fine")), LOCAL, SENDER));
        LogEvent e = ch.readInbound();
        assertThat(e.message()).isEqualTo("fine");
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "codec")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        ch.finishAndReleaseAll();
    }
}
