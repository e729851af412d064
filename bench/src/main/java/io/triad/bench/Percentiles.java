package io.triad.bench;

import java.util.Arrays;

/**
 * Percentiles of a sample by the nearest-rank method (the smallest value with at least p% of the sample at or below
 * it).
 *
 * <p>NOTE: immutable; the constructor copies and sorts.
 */
final class Percentiles {
    private final double[] sorted;

    Percentiles(double[] sample) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("a sample needs at least one value; got none");
        }
        this.sorted = sample.clone();
        Arrays.sort(sorted);
    }

    /** The p-th percentile, {@code 0 < p <= 100}. */
    double at(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be within (0, 100]; got: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    int size() {
        return sorted.length;
    }
}
