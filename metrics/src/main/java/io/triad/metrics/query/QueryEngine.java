package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.SeriesSource;
import io.triad.metrics.query.Evaluator.MatrixValue;
import io.triad.metrics.query.Evaluator.ScalarValue;
import io.triad.metrics.query.Evaluator.StringValue;
import io.triad.metrics.query.Evaluator.Value;
import io.triad.metrics.query.Evaluator.VectorValue;
import io.triad.metrics.query.Evaluator.Window;
import io.triad.metrics.query.QueryResult.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs PromQL queries against a {@link SeriesSource} with Prometheus's semantics: an instant selector takes the newest
 * sample at or before the evaluation time within the lookback ({@link QueryLimits#lookbackMillis()}), a range query
 * evaluates the expression at every step from start to end. Each query reads its selectors from the source once, for
 * the whole range, within {@link QueryLimits}.
 *
 * <p>NOTE: thread safe (queries share nothing but the source); times are milliseconds since the epoch.
 */
public final class QueryEngine {
    private final SeriesSource source;
    private final QueryLimits limits;
    private final RangeCache cache;

    /** An engine without a results cache. */
    public QueryEngine(SeriesSource source, QueryLimits limits) {
        this(source, limits, 0);
    }

    /**
     * An engine that keeps range answers over the settled past ({@link SeriesSource#settled()}) in a results cache of
     * about {@code cacheBytes} (0: none), so that a refresh evaluates only the steps it has not answered before.
     */
    public QueryEngine(SeriesSource source, QueryLimits limits, long cacheBytes) {
        this.source = source;
        this.limits = limits;
        this.cache = new RangeCache(cacheBytes);
    }

    /** Range queries answered in part or whole from the results cache, and those that found nothing there. */
    public record CacheStats(long hits, long misses, long bytes) {}

    public CacheStats cacheStats() {
        return new CacheStats(cache.hits(), cache.misses(), cache.bytes());
    }

    /**
     * Evaluates a query at one instant: a vector, scalar or string, or for a range-vector expression a matrix of the
     * raw samples in the range.
     *
     * @throws PromQlException when the query is invalid or its evaluation fails or exceeds a limit
     * @throws IOException when the source cannot be read
     */
    public QueryResult instantQuery(String query, long timeMillis) throws IOException {
        Expr expr = PromQlParser.parse(query);
        Evaluator ev = new Evaluator(source, limits);
        ev.load(expr, timeMillis, timeMillis, 1);
        Value v = ev.eval(expr, timeMillis);
        return switch (v) {
            case ScalarValue s -> new QueryResult.Scalar(timeMillis, s.value());
            case StringValue s -> new QueryResult.Str(timeMillis, s.value());
            case VectorValue vec -> {
                checkUniqueLabels(vec.samples());
                yield new QueryResult.Vector(timeMillis, vec.samples());
            }
            case MatrixValue m -> {
                List<SeriesData> series = new ArrayList<>();
                for (Window w : m.series()) {
                    series.add(new SeriesData(
                            w.labels(),
                            Arrays.copyOfRange(w.timestamps(), w.from(), w.to()),
                            Arrays.copyOfRange(w.values(), w.from(), w.to())));
                }
                yield new QueryResult.Matrix(series);
            }
        };
    }

    /**
     * Evaluates a query at {@code start}, {@code start + step}, ... up to {@code end}: one series per label set seen
     * at any step, with a point for each step where it had a value, sorted by labels; a scalar expression gives one
     * series without labels.
     *
     * @throws PromQlException when the query or the range is invalid, or its evaluation fails or exceeds a limit
     * @throws IOException when the source cannot be read
     */
    public QueryResult.Matrix rangeQuery(String query, long startMillis, long endMillis, long stepMillis)
            throws IOException {
        return rangeQuery(query, startMillis, endMillis, stepMillis, true);
    }

    /**
     * {@link #rangeQuery(String, long, long, long)}, evaluating every step afresh when {@code useCache} is false (as
     * for a request with {@code Cache-Control: no-store}); the answer is the same either way.
     */
    public QueryResult.Matrix rangeQuery(
            String query, long startMillis, long endMillis, long stepMillis, boolean useCache) throws IOException {
        if (stepMillis <= 0) {
            throw PromQlException.badData(
                    "zero or negative query resolution step widths are not accepted; got " + stepMillis + " ms");
        }
        if (endMillis < startMillis) {
            throw PromQlException.badData(
                    "end timestamp (" + endMillis + ") must not be before start time (" + startMillis + ")");
        }
        long steps = (endMillis - startMillis) / stepMillis + 1;
        if (steps > limits.maxSteps()) {
            throw PromQlException.badData("exceeded maximum resolution of " + limits.maxSteps()
                    + " points per timeseries (got " + steps + "); try a larger step");
        }
        Expr expr = PromQlParser.parse(query);
        if (expr.type() != Expr.Type.SCALAR && expr.type() != Expr.Type.VECTOR) {
            throw PromQlException.badData("invalid expression type \"" + expr.type()
                    + "\" for range query, must be scalar or instant vector");
        }
        SeriesSource.Settled settled = useCache && cache.enabled() ? source.settled() : null;
        if (settled == null) {
            return new QueryResult.Matrix(evaluate(expr, startMillis, endMillis, stepMillis));
        }
        String key = RangeCache.key(query, startMillis, stepMillis);
        RangeCache.Entry e = cache.get(key, settled.version());
        List<SeriesData> out;
        if (e != null && e.first() <= startMillis && startMillis <= e.last() + stepMillis) {
            List<SeriesData> known = RangeCache.slice(e.series(), startMillis, Math.min(endMillis, e.last()));
            out = endMillis < e.last() + stepMillis // no step after the cached ones
                    ? known
                    : RangeCache.join(known, evaluate(expr, e.last() + stepMillis, endMillis, stepMillis));
        } else {
            out = evaluate(expr, startMillis, endMillis, stepMillis);
        }
        // the last step at or before the settled past (steps are start + k * step)
        long lastSettled = settled.beforeMillis() < startMillis
                ? Long.MIN_VALUE
                : startMillis + (Math.min(endMillis, settled.beforeMillis()) - startMillis) / stepMillis * stepMillis;
        if (lastSettled != Long.MIN_VALUE && (e == null || lastSettled > e.last() || startMillis != e.first())) {
            cache.put(
                    key, settled.version(), startMillis, lastSettled, RangeCache.slice(out, startMillis, lastSettled));
        }
        return new QueryResult.Matrix(out);
    }

    /** Evaluates the expression at every step of {@code [start, end]}: the series sorted by labels. */
    private List<SeriesData> evaluate(Expr expr, long startMillis, long endMillis, long stepMillis) throws IOException {
        Evaluator ev = new Evaluator(source, limits);
        ev.load(expr, startMillis, endMillis, stepMillis);
        Map<Labels, Points> series = new LinkedHashMap<>();
        for (long t = startMillis; t <= endMillis; t += stepMillis) {
            Value v = ev.eval(expr, t);
            if (v instanceof ScalarValue s) {
                series.computeIfAbsent(Labels.of(), k -> new Points()).add(t, s.value());
            } else {
                List<Sample> samples = ((VectorValue) v).samples();
                checkUniqueLabels(samples);
                for (Sample s : samples) {
                    series.computeIfAbsent(s.labels(), k -> new Points()).add(t, s.value());
                }
            }
        }
        List<SeriesData> out = new ArrayList<>(series.size());
        for (Map.Entry<Labels, Points> e : series.entrySet()) {
            Points p = e.getValue();
            out.add(new SeriesData(e.getKey(), Arrays.copyOf(p.ts, p.size), Arrays.copyOf(p.vs, p.size)));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }

    private static void checkUniqueLabels(List<Sample> samples) {
        if (samples.size() < 2) {
            return;
        }
        Set<Labels> seen = new HashSet<>();
        for (Sample s : samples) {
            if (!seen.add(s.labels())) {
                throw PromQlException.execution("vector cannot contain metrics with the same labelset: " + s.labels());
            }
        }
    }

    private static final class Points {
        long[] ts = new long[16];
        double[] vs = new double[16];
        int size;

        void add(long t, double v) {
            if (size == ts.length) {
                ts = Arrays.copyOf(ts, size * 2);
                vs = Arrays.copyOf(vs, size * 2);
            }
            ts[size] = t;
            vs[size] = v;
            size++;
        }
    }
}
