package io.triad.metrics.model;

/**
 * Where collected samples go (the store; a list in tests).
 *
 * <p>NOTE: implementations are thread safe.
 */
@FunctionalInterface
public interface SampleSink {

    /**
     * Takes one sample of a series.
     *
     * @throws IllegalArgumentException when the sample is refused (out of order, over the cardinality limit); the
     *     message says why
     */
    void append(Labels labels, long timestampMillis, double value);
}
