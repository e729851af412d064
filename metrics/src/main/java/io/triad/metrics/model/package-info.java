/**
 * The time-series model shared by the store, the query engine and the intake: {@link
 * io.triad.metrics.model.Labels} (a series' identity), {@link io.triad.metrics.model.LabelMatcher} (selection), {@link
 * io.triad.metrics.model.SeriesData} (samples of one series in a range) and {@link
 * io.triad.metrics.model.SeriesSource} (what the query engine reads from).
 *
 * <p>The module's API here: all of its types, the two interfaces {@link io.triad.metrics.model.SeriesSource} and
 * {@link io.triad.metrics.model.SampleSink} and the values {@link io.triad.metrics.model.Labels}, {@link
 * io.triad.metrics.model.LabelMatcher}, {@link io.triad.metrics.model.SeriesData} and {@link
 * io.triad.metrics.model.StepSampling}.
 */
@NullMarked
package io.triad.metrics.model;

import org.jspecify.annotations.NullMarked;
