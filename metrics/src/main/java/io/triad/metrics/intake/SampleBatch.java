package io.triad.metrics.intake;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SampleSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The samples one pushed request decoded to, and what was refused while decoding (by reason, with the first
 * message); {@link #write} then appends them to a sink and counts what the sink refuses.
 *
 * <p>NOTE: not thread safe; one instance per request.
 */
final class SampleBatch {
    /** Prometheus's stale marker, written for OTLP points flagged "no recorded value". */
    static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    /** One sample to store. */
    record Point(Labels labels, long timestampMillis, double value) {}

    private final List<Point> points = new ArrayList<>();
    private final Map<String, Long> refusedByReason = new LinkedHashMap<>();
    private long refused;
    private @Nullable String firstError;

    void add(Labels labels, long timestampMillis, double value) {
        points.add(new Point(labels, timestampMillis, value));
    }

    /** Counts {@code n} refused samples for a reason, keeping the first message. */
    void refuse(String reason, long n, String message) {
        refused += n;
        refusedByReason.merge(reason, n, Long::sum);
        if (firstError == null) {
            firstError = message;
        }
    }

    List<Point> points() {
        return points;
    }

    long refused() {
        return refused;
    }

    Map<String, Long> refusedByReason() {
        return refusedByReason;
    }

    /** The first refusal's message, with how many more there were; empty when nothing was refused. */
    String message() {
        if (firstError == null) {
            return "";
        }
        return refused > 1 ? firstError + " (and " + (refused - 1) + " more refused)" : firstError;
    }

    /**
     * Appends every point to the sink; a point it refuses ({@link IllegalArgumentException}: out of order, over the
     * series limit) is counted as refused here.
     *
     * @return the number stored
     * @throws RuntimeException what the sink throws otherwise (a storage failure), after the points before it
     */
    long write(SampleSink sink) {
        long stored = 0;
        for (Point p : points) {
            try {
                sink.append(p.labels(), p.timestampMillis(), p.value());
                stored++;
            } catch (IllegalArgumentException e) {
                refuse(IntakeMeters.REFUSED, 1, "sample of " + p.labels() + " refused by the store: " + e.getMessage());
            }
        }
        return stored;
    }

    /** Adds this batch's refusals to the counters. */
    void count(IntakeMeters meters) {
        refusedByReason.forEach(meters::rejected);
    }
}
