package io.triad.metrics.store;

/**
 * Counters of a {@link SeriesStore} since it opened: series known, samples accepted and refused, checkpoints, bytes
 * of closed chunks written, what the last recovery replayed, and {@code recoveries}: 1 when this open found the H2
 * database corrupt, set it aside and started a fresh one from the write-ahead log, else 0.
 */
public record StoreStats(
        int series,
        long samplesAppended,
        long outOfOrderRejected,
        long cardinalityRejected,
        long checkpoints,
        long chunksWritten,
        long chunkBytesWritten,
        long chunkSamplesWritten,
        long rollupBytesWritten,
        long walRecordsReplayed,
        long walBytesDiscarded,
        long recoveries) {}
