/**
 * NDJSON bulk ingest: one JSON object per line, per-line errors without rejecting the good lines.
 *
 * <p>Not the module's API: its public types serve {@code collector.input} only.
 */
@NullMarked
package io.triad.collector.ndjson;

import org.jspecify.annotations.NullMarked;
