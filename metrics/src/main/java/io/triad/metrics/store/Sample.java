package io.triad.metrics.store;

import io.triad.metrics.model.Labels;

/** One sample of one series, for {@link SeriesStore#append(java.util.List)}. */
public record Sample(Labels labels, long tsMillis, double value) {}
