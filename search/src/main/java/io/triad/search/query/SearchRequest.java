package io.triad.search.query;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page of a search.
 *
 * @param q Lucene classic query syntax; default field {@code message}; empty matches everything
 * @param fromMicros inclusive lower time bound, microseconds since the epoch ({@link Long#MIN_VALUE} for none)
 * @param toMicros inclusive upper time bound ({@link Long#MAX_VALUE} for none)
 * @param limit hits per page, 1..{@link QueryLimits#maxHits()}
 * @param sort {@code desc} (newest first) or {@code asc} by timestamp
 * @param cursor the {@link SearchResult#cursor()} of the previous page, null for the first page
 */
public record SearchRequest(
        String q,
        long fromMicros,
        long toMicros,
        int limit,
        String sort,
        @Nullable String cursor) {
    public SearchRequest {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(sort, "sort");
        if (!sort.equals("desc") && !sort.equals("asc")) {
            throw new IllegalArgumentException("sort must be 'desc' or 'asc'; got: " + sort);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1; got: " + limit);
        }
        if (fromMicros > toMicros) {
            throw new IllegalArgumentException(
                    "fromMicros (" + fromMicros + ") must be <= toMicros (" + toMicros + ")");
        }
    }

    /** The first page, newest first, over all time. */
    public static SearchRequest of(String q, int limit) {
        return new SearchRequest(q, Long.MIN_VALUE, Long.MAX_VALUE, limit, "desc", null);
    }

    /** This request for the page after {@code nextCursor}. */
    public SearchRequest withCursor(@Nullable String nextCursor) {
        return new SearchRequest(q, fromMicros, toMicros, limit, sort, nextCursor);
    }
}
