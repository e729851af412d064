/**
 * The log event model shared by every input, the journal, replication and the index: {@link
 * io.triad.collector.model.LogEvent} and its identity {@link io.triad.collector.model.EventId}.
 *
 * <p>API of the module: {@link io.triad.collector.model.LogEvent}, {@link io.triad.collector.model.EventId} and
 * {@link io.triad.collector.model.Severity}.
 */
@NullMarked
package io.triad.collector.model;

import org.jspecify.annotations.NullMarked;
