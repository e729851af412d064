package io.triad.metrics.model;

import java.io.IOException;
import java.util.List;

/**
 * What a query reads: the series matching a selector with their samples in a time range. The store implements it;
 * tests implement it in memory.
 *
 * <p>NOTE: implementations are thread safe.
 */
public interface SeriesSource {

    /**
     * The series whose labels satisfy every matcher and that have samples in {@code [fromMillis, toMillis]}, each with
     * those samples, oldest first.
     *
     * @param resolutionMillis the coarsest resolution the caller can use (0 = raw samples): a store may answer a long
     *     range from its rollups, one sample per step, the step's last value for gauges
     * @throws IOException when the store cannot be read
     */
    List<SeriesData> select(List<LabelMatcher> matchers, long fromMillis, long toMillis, long resolutionMillis)
            throws IOException;
}
