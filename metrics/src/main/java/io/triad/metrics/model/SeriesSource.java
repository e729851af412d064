package io.triad.metrics.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

    /**
     * The series whose labels satisfy every matcher, each with only the samples that {@code sampling}'s evaluation
     * times take (see {@link StepSampling}), oldest first; series without any are left out. An instant selector
     * evaluated at exactly those times gives the same answers from these as from every raw sample.
     *
     * <p>The default filters {@link #select}'s raw samples; a store can drop the others while it decodes.
     *
     * @throws IOException when the store cannot be read
     */
    default List<SeriesData> select(List<LabelMatcher> matchers, StepSampling sampling) throws IOException {
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData s : select(matchers, sampling.fromMillis(), sampling.toMillis(), 0)) {
            SeriesData picked = sampling.pick(s);
            if (picked.size() > 0) {
                out.add(picked);
            }
        }
        return out;
    }

    /**
     * What of the past no longer changes, for caching answers: the samples at or before {@code beforeMillis} stay as
     * they are until {@code version} changes (a late sample for that past, or retention dropping some of it); null
     * (the default) when the source cannot tell, and then nothing is cached.
     */
    default @Nullable Settled settled() {
        return null;
    }

    /** See {@link #settled()}. */
    record Settled(long version, long beforeMillis) {}
}
