package io.triad.metrics.model;

/**
 * The samples of one series in a time range, oldest first: parallel arrays of timestamps (milliseconds since the
 * epoch, strictly increasing) and values. A stale marker (Prometheus's special NaN) is not a sample here: stores
 * leave such points out.
 *
 * <p>NOTE: the arrays are owned by the instance; callers do not modify them.
 */
public record SeriesData(Labels labels, long[] timestamps, double[] values) {
    public SeriesData {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values must have the same length; got "
                    + timestamps.length + " and " + values.length);
        }
    }

    public int size() {
        return timestamps.length;
    }
}
