package io.triad.metrics.store;

/**
 * The aggregate of one series over one step (a minute or an hour) starting at {@code start} (milliseconds since the
 * epoch, a multiple of the step): minimum, maximum, sum and count of its samples, and the last one. NaN samples are
 * left out, so a bucket has {@code count >= 1}.
 *
 * <p>NOTE: immutable.
 */
public record RollupBucket(long start, double min, double max, double sum, long count, double last) {
    public RollupBucket {
        if (count < 1) {
            throw new IllegalArgumentException("a rollup bucket holds at least one sample; got count " + count);
        }
    }

    /** This bucket combined with a later part of the same step. */
    RollupBucket merge(RollupBucket later) {
        if (later.start != start) {
            throw new IllegalArgumentException("buckets of different steps: " + start + " and " + later.start);
        }
        return new RollupBucket(
                start,
                Math.min(min, later.min),
                Math.max(max, later.max),
                sum + later.sum,
                count + later.count,
                later.last);
    }

    /** The mean of the step's samples. */
    public double mean() {
        return sum / count;
    }
}
