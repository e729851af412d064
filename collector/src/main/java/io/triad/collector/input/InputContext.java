package io.triad.collector.input;

import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.sink.EventSink;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every handler of one input shares: the input's name, the receiving site, the clock that stamps receive
 * times, the input's meters and the sink it delivers to. Immutable and thread safe.
 */
record InputContext(String site, String input, Clock clock, InputMeters meters, EventSink sink) {

    InputContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(sink, "sink");
    }

    /** The receive context of bytes that arrived now from {@code sender}. */
    ReceiveContext receive(@Nullable SocketAddress sender) {
        return new ReceiveContext(site, input, source(sender), nowMicros());
    }

    /** This context under another input name (the NDJSON endpoint shares the OTLP server). */
    InputContext as(String otherInput, InputMeters otherMeters) {
        return new InputContext(site, otherInput, clock, otherMeters, sink);
    }

    /**
     * The receive time: the clock's milliseconds as microseconds. A millisecond is finer than the network's own
     * jitter, and whole milliseconds keep the stored receive delay small (see the search module's stored event).
     */
    long nowMicros() {
        return Math.multiplyExact(clock.millis(), 1_000L);
    }

    /** The sender as {@code host:port} ({@code [::1]:514} for IPv6), empty when unknown. */
    static String source(@Nullable SocketAddress sender) {
        if (sender instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
            return host + ":" + inet.getPort();
        }
        return sender == null ? "" : sender.toString();
    }
}
