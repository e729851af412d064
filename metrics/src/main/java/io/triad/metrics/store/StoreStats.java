package io.triad.metrics.store;

/**
 * Counters of a {@link SeriesStore} since it opened: series known, samples accepted and refused, checkpoints, bytes
 * of closed chunks written, and what the last recovery replayed.
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
        long walBytesDiscarded) {}
