/**
 * Live tail: new durable events matched against each client's query as they arrive, with bounded per-client
 * buffers ({@link io.triad.search.tail.LiveTail}).
 */
@NullMarked
package io.triad.search.tail;

import org.jspecify.annotations.NullMarked;
