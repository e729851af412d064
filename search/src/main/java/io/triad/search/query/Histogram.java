package io.triad.search.query;

import java.util.List;

/**
 * Event counts over time.
 *
 * @param intervalMicros the width of every bucket
 * @param buckets consecutive buckets, empty ones included, oldest first
 * @param total the sum of the counts
 */
public record Histogram(long intervalMicros, List<Bucket> buckets, long total) {
    public Histogram {
        buckets = List.copyOf(buckets);
    }

    /** Events with a timestamp in {@code [start, start + interval)}. */
    public record Bucket(long start, long count) {}
}
