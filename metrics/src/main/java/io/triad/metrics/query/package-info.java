/**
 * A PromQL subset over {@link io.triad.metrics.model.SeriesSource}: {@link io.triad.metrics.query.PromQlParser}
 * (text to {@link io.triad.metrics.query.Expr}), {@link io.triad.metrics.query.QueryEngine} (instant and range
 * queries with Prometheus's semantics and explicit {@link io.triad.metrics.query.QueryLimits}), {@link
 * io.triad.metrics.query.QueryResult} and {@link io.triad.metrics.query.PromJson} (the shapes of Prometheus's HTTP
 * API).
 */
@NullMarked
package io.triad.metrics.query;

import org.jspecify.annotations.NullMarked;
