package io.triad.collector.input;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Test fixture: {@link Inputs} on 127.0.0.1 with ephemeral ports, a {@link RecordingSink} and a registry. */
final class RunningInputs implements AutoCloseable {
    final RecordingSink sink = new RecordingSink();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Inputs inputs;

    RunningInputs(Path tlsDir, UnaryOperator<InputsConfig> configure) throws Exception {
        InputsConfig config = configure.apply(InputsConfig.loopback("site-a", tlsDir));
        inputs = new Inputs(config, sink, registry);
        inputs.start();
    }

    int port(String input) {
        return inputs.port(input);
    }

    double counter(String name, String input) {
        Counter c = registry.find(name).tag("input", input).counter();
        return c == null ? 0 : c.count();
    }

    double errors(String input, String reason) {
        Counter c = registry.find("triad.input.errors")
                .tag("input", input)
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    double connections(String input) {
        return registry.get("triad.input.connections")
                .tag("input", input)
                .gauge()
                .value();
    }

    /** Waits until {@code value} reaches {@code expected}; fails after five seconds. */
    static void awaitValue(String what, java.util.function.DoubleSupplier value, double expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (value.getAsDouble() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected " + expected + "; got: " + value.getAsDouble());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        inputs.close();
    }
}
