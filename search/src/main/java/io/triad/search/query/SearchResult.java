package io.triad.search.query;

import io.triad.collector.model.LogEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of hits.
 *
 * @param total matching events, exact unless {@code totalIsLowerBound}
 * @param totalIsLowerBound whether counting stopped at {@link QueryLimits#totalHitsThreshold()}
 * @param hits the events of this page in the requested order
 * @param cursor pass it in the next {@link SearchRequest} for the next page; null when there is none
 * @param tookMs time spent searching
 */
public record SearchResult(
        long total,
        boolean totalIsLowerBound,
        List<Hit> hits,
        @Nullable String cursor,
        long tookMs) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    /**
     * One matching event.
     *
     * @param event the event
     * @param highlights the spans of {@link LogEvent#message()} that matched, as char offsets, in order
     */
    public record Hit(LogEvent event, List<Span> highlights) {
        public Hit {
            highlights = List.copyOf(highlights);
        }
    }

    /** A highlighted span of the message: chars {@code [start, end)}. */
    public record Span(int start, int end) {}
}
