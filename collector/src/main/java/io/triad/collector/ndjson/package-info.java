/** NDJSON bulk ingest: one JSON object per line, per-line errors without rejecting the good lines. */
@NullMarked
package io.triad.collector.ndjson;

import org.jspecify.annotations.NullMarked;
