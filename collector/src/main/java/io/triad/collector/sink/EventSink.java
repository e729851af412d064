package io.triad.collector.sink;

import io.triad.collector.model.LogEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where inputs deliver decoded events: the journal, or replication in front of it.
 *
 * <p>NOTE: implementations are thread safe; every input's event loop calls them.
 */
public interface EventSink {

    /**
     * Accepts events and completes when they are durable (fsynced, and with ack policy {@code both} also on the
     * peer). The future completes exceptionally when they could not be stored; nothing acknowledged is ever lost.
     */
    CompletableFuture<Void> submit(List<LogEvent> events);

    /**
     * Whether the sink takes more now. False while the journal or the indexer is behind past its limit: TCP inputs
     * stop reading, HTTP inputs answer 429 or 503 with {@code Retry-After}, UDP inputs count drops.
     */
    boolean accepting();
}
