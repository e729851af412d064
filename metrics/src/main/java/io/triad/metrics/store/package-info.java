/**
 * The time-series store of the monitoring: Gorilla-compressed chunks ({@link io.triad.metrics.store.XorChunk}) in H2,
 * an in-memory head chunk per series behind a write-ahead log, per-minute and per-hour rollups and retention, read
 * through {@link io.triad.metrics.store.SeriesStore}.
 */
@NullMarked
package io.triad.metrics.store;

import org.jspecify.annotations.NullMarked;
