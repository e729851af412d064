package io.triad.search.correlation;

import java.util.Locale;

/**
 * Transactions grouped by a correlation key.
 *
 * @param key the correlation key name ({@code alarm_id})
 * @param q a query in the search syntax the events must match (empty: all)
 * @param fromMicros start of the time range, inclusive
 * @param toMicros end of the time range, inclusive
 * @param maxSpanMicros a transaction ends before an event that would make it longer than this (0: no limit)
 * @param maxPauseMicros a transaction ends at a gap longer than this between two of its events (0: no limit)
 * @param sort {@code duration}, {@code count} or {@code start}; always largest (latest) first
 * @param limit the most transactions returned
 */
public record TransactionsRequest(
        String key,
        String q,
        long fromMicros,
        long toMicros,
        long maxSpanMicros,
        long maxPauseMicros,
        String sort,
        int limit) {
    public TransactionsRequest {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must name a correlation key; got an empty key");
        }
        if (maxSpanMicros < 0 || maxPauseMicros < 0) {
            throw new IllegalArgumentException(
                    "maxspan and maxpause must be >= 0; got: " + maxSpanMicros + " and " + maxPauseMicros + " µs");
        }
        sort = sort.toLowerCase(Locale.ROOT);
        if (!sort.equals("duration") && !sort.equals("count") && !sort.equals("start")) {
            throw new IllegalArgumentException("sort must be 'duration', 'count' or 'start'; got: '" + sort + "'");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1; got: " + limit);
        }
    }
}
