/**
 * Where decoded events go: {@link io.triad.collector.sink.EventSink}, the seam between the inputs and what stores
 * events (the journal, replication in front of it, correlation in front of that), with its back-pressure signal.
 *
 * <p>API of the module: {@link io.triad.collector.sink.EventSink}.
 */
@NullMarked
package io.triad.collector.sink;

import org.jspecify.annotations.NullMarked;
