package io.triad.metrics.host;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.triad.metrics.model.SampleSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a {@link HostProbe} every {@code interval} into a {@link SampleSink}, all samples of one probe with the
 * same timestamp. A failing probe or a refused sample is logged and counted ({@code triad.host.probe.errors}); the
 * next probe runs anyway.
 *
 * <p>NOTE: thread safe. {@link #start()} schedules it on a daemon thread of its own; {@link #close()} stops it.
 */
public final class HostTelemetry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostTelemetry.class);

    private final HostProbe probe;
    private final SampleSink sink;
    private final Clock clock;
    private final Duration interval;
    private final Counter errors;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "triad-host-telemetry");
        t.setDaemon(true);
        return t;
    });

    public HostTelemetry(HostProbe probe, SampleSink sink, Clock clock, Duration interval, MeterRegistry registry) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("the host telemetry interval must be >= 1 s; got: " + interval);
        }
        this.interval = interval;
        this.errors = Counter.builder("triad.host.probe.errors")
                .description("Host telemetry probes or samples that failed")
                .register(registry);
    }

    /** Probes now and then every interval. */
    public void start() {
        timer.scheduleAtFixedRate(this::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One probe into the sink; returns the samples written. */
    int probeOnce() {
        try {
            long now = clock.millis();
            List<HostSample> samples = probe.probe();
            int written = 0;
            for (HostSample s : samples) {
                try {
                    sink.append(s.labels(), now, s.value());
                    written++;
                } catch (IllegalArgumentException e) {
                    errors.increment();
                    LOG.debug("host sample {} refused: {}", s.labels(), e.getMessage());
                }
            }
            return written;
        } catch (RuntimeException e) {
            errors.increment();
            LOG.warn("host telemetry probe failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
