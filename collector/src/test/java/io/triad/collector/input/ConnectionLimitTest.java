package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InputMeters meters = new InputMeters("gelf-tcp", registry);
    private final ConnectionLimit limit = new ConnectionLimit(2, meters);

    @Test
    void closesTheConnectionBeyondTheLimitAndAdmitsAgainAfterOneCloses() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        assertThat(limit.admit(a)).isTrue();
        assertThat(limit.admit(b)).isTrue();
        assertThat(limit.admit(c)).isFalse();
        assertThat(c.isOpen()).isFalse();
        assertThat(registry.get("triad.input.connections").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "connection_limit")
                        .counter()
                        .count())
                .isEqualTo(1.0);

        a.close().syncUninterruptibly();
        assertThat(registry.get("triad.input.connections").gauge().value()).isEqualTo(1.0);
        EmbeddedChannel d = new EmbeddedChannel();
        assertThat(limit.admit(d)).isTrue();
        b.close().syncUninterruptibly();
        d.close().syncUninterruptibly();
    }
}
