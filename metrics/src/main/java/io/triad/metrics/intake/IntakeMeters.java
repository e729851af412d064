package io.triad.metrics.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The counters of one push protocol: {@code triad.metrics.intake.requests} (by outcome), {@code
 * triad.metrics.intake.samples} (stored) and {@code triad.metrics.intake.rejected} (samples or series refused, by
 * reason), all tagged with the protocol ({@code otlp}, {@code remote_write}).
 *
 * <p>NOTE: thread safe.
 */
final class IntakeMeters {
    /** Rejection reasons, the values of the {@code reason} tag. */
    static final String INVALID = "invalid";

    static final String LABEL_LIMIT = "label_limit";
    static final String SERIES_LIMIT = "series_limit";
    static final String TOO_LARGE = "too_large";
    static final String UNSUPPORTED = "unsupported";
    static final String REFUSED = "refused";
    static final String STORAGE = "storage";

    private final String protocol;
    private final MeterRegistry registry;
    private final Counter samples;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();

    IntakeMeters(String protocol, MeterRegistry registry) {
        this.protocol = protocol;
        this.registry = registry;
        samples = Counter.builder("triad.metrics.intake.samples")
                .description("Samples pushed to the metrics intake and stored")
                .tag("protocol", protocol)
                .register(registry);
    }

    void stored(long n) {
        samples.increment((double) n);
    }

    void rejected(String reason, long n) {
        if (n <= 0) {
            return;
        }
        rejected.computeIfAbsent(
                        reason,
                        r -> Counter.builder("triad.metrics.intake.rejected")
                                .description("Samples or series the metrics intake refused, by reason")
                                .tag("protocol", protocol)
                                .tag("reason", r)
                                .register(registry))
                .increment((double) n);
    }

    void request(int status) {
        String outcome = status < 300 ? "ok" : String.valueOf(status);
        requests.computeIfAbsent(
                        outcome,
                        o -> Counter.builder("triad.metrics.intake.requests")
                                .description("Requests to the metrics intake, by outcome (ok or the HTTP status)")
                                .tag("protocol", protocol)
                                .tag("outcome", o)
                                .register(registry))
                .increment();
    }
}
