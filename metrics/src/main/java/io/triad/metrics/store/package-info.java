/**
 * The time-series store of the monitoring: Gorilla-compressed chunks in H2, an in-memory head chunk per series behind
 * a write-ahead log, per-minute and per-hour rollups and retention, read through {@link
 * io.triad.metrics.store.SeriesStore}.
 *
 * <p>The module's API here: {@link io.triad.metrics.store.SeriesStore} (the façade) with its configuration {@link
 * io.triad.metrics.store.StoreConfig} and the records and exception of its methods ({@link
 * io.triad.metrics.store.Sample}, {@link io.triad.metrics.store.AppendResult}, {@link
 * io.triad.metrics.store.RejectedSampleException}, {@link io.triad.metrics.store.RollupBucket}, {@link
 * io.triad.metrics.store.RetentionResult}, {@link io.triad.metrics.store.StoreStats}). {@link
 * io.triad.metrics.store.H2File} is public only for the silence store in {@code io.triad.metrics.alerts}, which opens
 * its own H2 database the same way; it is not the module's API.
 *
 * <p>Inside, package-private: the store's parts ({@link io.triad.metrics.store.Head} the head chunks and the log's
 * replay, {@link io.triad.metrics.store.ChunkTable} the H2 schema and SQL, {@link io.triad.metrics.store.SeriesReader}
 * the read path, {@link io.triad.metrics.store.Checkpointer}, {@link io.triad.metrics.store.Retention}) and the
 * formats ({@link io.triad.metrics.store.WriteAheadLog}, {@link io.triad.metrics.store.XorChunk}, {@link
 * io.triad.metrics.store.Rollups}).
 */
@NullMarked
package io.triad.metrics.store;

import org.jspecify.annotations.NullMarked;
