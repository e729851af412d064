/**
 * A PromQL subset over {@link io.triad.metrics.model.SeriesSource}: {@link io.triad.metrics.query.PromQlParser}
 * (text to {@link io.triad.metrics.query.Expr}), {@link io.triad.metrics.query.QueryEngine} (instant and range
 * queries with Prometheus's semantics and explicit {@link io.triad.metrics.query.QueryLimits}), {@link
 * io.triad.metrics.query.QueryResult} and {@link io.triad.metrics.query.PromJson} (the shapes of Prometheus's HTTP
 * API).
 *
 * <p>The module's API here: {@link io.triad.metrics.query.QueryEngine} with {@link
 * io.triad.metrics.query.QueryLimits}, {@link io.triad.metrics.query.QueryResult}, {@link
 * io.triad.metrics.query.PromQlException} and {@link io.triad.metrics.query.PromJson}; and {@link
 * io.triad.metrics.query.PromQlParser} with the {@link io.triad.metrics.query.Expr} it returns, for checking an
 * expression without running it (the web module's test of the dashboards does). The lexer, the evaluator, the
 * functions, operators and aggregations and the range cache are package-private.
 */
@NullMarked
package io.triad.metrics.query;

import org.jspecify.annotations.NullMarked;
