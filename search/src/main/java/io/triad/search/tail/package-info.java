/**
 * Live tail: new durable events matched against each client's query as they arrive, with bounded per-client
 * buffers ({@link io.triad.search.tail.LiveTail}).
 *
 * <p>API (used by other modules): {@link io.triad.search.tail.LiveTail} and {@link
 * io.triad.search.tail.TailSubscription}.
 */
@NullMarked
package io.triad.search.tail;

import org.jspecify.annotations.NullMarked;
