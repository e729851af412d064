package io.triad.search.correlation;

import io.triad.collector.model.LogEvent;
import java.util.List;

/**
 * The events related to one event.
 *
 * @param anchor the event asked about
 * @param keys its correlation keys
 * @param hits the anchor, the events sharing a key with it within the window and its temporal neighbours, in time
 *     order
 * @param truncated whether more events shared a key than the limit allowed
 */
public record Correlated(LogEvent anchor, List<Link> keys, List<Hit> hits, boolean truncated) {
    public Correlated {
        keys = List.copyOf(keys);
        hits = List.copyOf(hits);
    }

    /**
     * One related event.
     *
     * @param links the keys it shares with the anchor (empty for a neighbour)
     * @param neighbour whether it is related only by time: an event of another layer on the same host
     */
    public record Hit(LogEvent event, List<Link> links, boolean neighbour) {
        public Hit {
            links = List.copyOf(links);
        }
    }
}
