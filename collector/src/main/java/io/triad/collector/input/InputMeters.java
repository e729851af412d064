package io.triad.collector.input;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counters of one input: {@code triad.input.events}, {@code triad.input.bytes}, {@code triad.input.errors}
 * (by reason), {@code triad.input.dropped}, {@code triad.input.backpressure} and the gauge {@code
 * triad.input.connections}, all tagged with the input's name.
 *
 * <p>NOTE: thread safe; every event loop of the input updates the same instance.
 */
final class InputMeters {
    /** Error reasons, the values of the {@code reason} tag. */
    static final String FRAME_TOO_LONG = "frame_too_long";

    static final String PARSE = "parse";
    static final String CODEC = "codec";
    static final String CHUNK_TIMEOUT = "chunk_timeout";
    static final String CONNECTION_LIMIT = "connection_limit";
    static final String TOO_LARGE = "too_large";
    static final String SINK = "sink";
    static final String TLS = "tls";
    static final String IO = "io";
    static final String HTTP = "http";

    private final String input;
    private final MeterRegistry registry;
    private final Counter events;
    private final Counter bytes;
    private final Counter dropped;
    private final Counter backpressure;
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

    InputMeters(String input, MeterRegistry registry) {
        this.input = input;
        this.registry = registry;
        events = Counter.builder("triad.input.events")
                .description("Events decoded by an input (including ones kept whole after a parse failure)")
                .tag("input", input)
                .register(registry);
        bytes = Counter.builder("triad.input.bytes")
                .description("Payload bytes received by an input")
                .baseUnit("bytes")
                .tag("input", input)
                .register(registry);
        dropped = Counter.builder("triad.input.dropped")
                .description("Events an input dropped (UDP under back-pressure, or a batch the sink failed)")
                .tag("input", input)
                .register(registry);
        backpressure = Counter.builder("triad.input.backpressure")
                .description("Times an input paused reading, refused a request or dropped because the sink was full")
                .tag("input", input)
                .register(registry);
        Gauge.builder("triad.input.connections", connections, AtomicInteger::get)
                .description("Open connections of an input")
                .tag("input", input)
                .register(registry);
    }

    String input() {
        return input;
    }

    void events(long n) {
        events.increment((double) n);
    }

    void bytes(long n) {
        bytes.increment((double) n);
    }

    void dropped(long n) {
        dropped.increment((double) n);
    }

    void backpressure() {
        backpressure.increment();
    }

    void error(String reason) {
        errors.computeIfAbsent(
                        reason,
                        r -> Counter.builder("triad.input.errors")
                                .description("Bad input an input rejected or could not parse, by reason")
                                .tag("input", input)
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    AtomicInteger connections() {
        return connections;
    }
}
