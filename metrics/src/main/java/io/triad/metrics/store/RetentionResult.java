package io.triad.metrics.store;

/** What one {@link SeriesStore#applyRetention()} removed: raw chunks, minute rollups, whole chunk rows. */
public record RetentionResult(int rawChunksDropped, int minuteRollupsDropped, int rowsDeleted) {}
