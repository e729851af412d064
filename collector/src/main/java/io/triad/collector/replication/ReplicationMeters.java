package io.triad.collector.replication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of replication with one peer, all tagged {@code peer}: what was pulled and applied, how far behind this
 * site is (records and time), what the peer has not yet acknowledged, and what went wrong.
 *
 * <p>NOTE: thread safe. {@link #close()} removes the meters from the registry.
 */
final class ReplicationMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

    final Counter applied;
    final Counter receivedBytes;
    final Counter sent;
    final Counter sentBytes;
    final Counter gaps;
    final Counter released;
    final Counter throttledNanos;
    final Timer lag;

    ReplicationMeters(MeterRegistry registry, String peer) {
        this.registry = registry;
        this.tags = Tags.of("peer", peer);
        applied = add(Counter.builder("triad.replication.applied")
                .description("Events of the peer appended to this site's journal")
                .baseUnit("records")
                .tags(tags)
                .register(registry));
        receivedBytes = add(Counter.builder("triad.replication.received.bytes")
                .description("Bytes of the peer's events received")
                .baseUnit("bytes")
                .tags(tags)
                .register(registry));
        sent = add(Counter.builder("triad.replication.sent")
                .description("This site's events sent to the peer")
                .baseUnit("records")
                .tags(tags)
                .register(registry));
        sentBytes = add(Counter.builder("triad.replication.sent.bytes")
                .description("Bytes of this site's events sent to the peer")
                .baseUnit("bytes")
                .tags(tags)
                .register(registry));
        gaps = add(Counter.builder("triad.replication.gaps")
                .description("Events of the peer that were gone from its journal (retention) before this site pulled "
                        + "them")
                .baseUnit("records")
                .tags(tags)
                .register(registry));
        released = add(Counter.builder("triad.replication.ack.released")
                .description("Appends with ack policy both acknowledged without the peer, because the coordinator "
                        + "declared the peer down")
                .baseUnit("appends")
                .tags(tags)
                .register(registry));
        throttledNanos = add(Counter.builder("triad.replication.catchup.throttled")
                .description("Time the stream to a peer that is behind waited for its catch-up rate limit")
                .baseUnit("nanoseconds")
                .tags(tags)
                .register(registry));
        lag = add(Timer.builder("triad.replication.delay")
                .description("From an event's receipt on the peer to its fsync on this site")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
    }

    <T> void gauge(String name, String description, String unit, T obj, ToDoubleFunction<T> f) {
        add(Gauge.builder(name, obj, f)
                .description(description)
                .baseUnit(unit.isEmpty() ? null : unit) // an empty unit would end the Prometheus name in "_"
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    void lagMicros(long micros) {
        lag.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }

    /** Counts one error of a kind: {@code protocol}, {@code regressed}, {@code journal}, {@code connect}, ... */
    void error(String reason) {
        errors.computeIfAbsent(
                        reason,
                        r -> add(Counter.builder("triad.replication.errors")
                                .description("Replication failures, by reason")
                                .tags(tags.and("reason", r))
                                .register(registry)))
                .increment();
    }

    double errors(String reason) {
        Counter c = errors.get(reason);
        return c == null ? 0 : c.count();
    }

    private <M extends Meter> M add(M m) {
        synchronized (meters) {
            meters.add(m);
        }
        return m;
    }

    @Override
    public void close() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
