package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.SeriesSource;
import io.triad.metrics.model.StepSampling;
import io.triad.metrics.query.QueryResult.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Evaluates one parsed query: first {@link #load} reads every selector's samples for the whole time range from the
 * source (once, within the limits), then {@link #eval} computes the expression at one instant from those samples, as
 * Prometheus does for each step.
 *
 * <p>NOTE: one instance per query; not thread safe.
 */
final class Evaluator {

    /** A value during evaluation. */
    sealed interface Value {}

    record ScalarValue(double value) implements Value {}

    record StringValue(String value) implements Value {}

    record VectorValue(List<Sample> samples) implements Value {}

    record MatrixValue(List<Window> series) implements Value {}

    /** The samples {@code [from, to)} of one series that fall in a range window. */
    record Window(Labels labels, long[] timestamps, double[] values, int from, int to) {
        int size() {
            return to - from;
        }

        long t(int i) {
            return timestamps[from + i];
        }

        double v(int i) {
            return values[from + i];
        }
    }

    private final SeriesSource source;
    private final QueryLimits limits;
    // Keyed by node identity: two equal selectors in one query are two nodes, each loaded for its own window.
    private final IdentityHashMap<Expr.VectorSelector, List<SeriesData>> data = new IdentityHashMap<>();
    // Per selector node and series, where the last lookup ended: a range query's steps move forward, so the next
    // lookup gallops on from there instead of searching the whole series again.
    private final IdentityHashMap<Object, int[]> cursors = new IdentityHashMap<>();
    private final Map<Labels, Labels> namesDropped = new HashMap<>();
    private final IdentityHashMap<Object, Map<Labels, Labels>> derived = new IdentityHashMap<>();
    private long seriesRead;
    private long pointsRead;

    Evaluator(SeriesSource source, QueryLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    // ---- loading

    /**
     * Reads the samples every selector of {@code e} needs to be evaluated at {@code start}, {@code start + step}, ... up
     * to {@code end}: the whole range for a range vector, only the samples those times take for an instant selector.
     */
    void load(Expr e, long start, long end, long step) throws IOException {
        switch (e) {
            case Expr.VectorSelector vs -> {
                StepSampling sampling = new StepSampling(
                        start - vs.offsetMillis(), end - vs.offsetMillis(), step, limits.lookbackMillis());
                count(vs, source.select(vs.matchers(), sampling));
            }
            case Expr.MatrixSelector ms -> {
                long off = ms.selector().offsetMillis();
                count(
                        ms.selector(),
                        source.select(ms.selector().matchers(), start - off - ms.rangeMillis(), end - off, 0));
            }
            case Expr.Paren p -> load(p.expr(), start, end, step);
            case Expr.Negation n -> load(n.expr(), start, end, step);
            case Expr.Call c -> {
                for (Expr a : c.args()) {
                    load(a, start, end, step);
                }
            }
            case Expr.Aggregate a -> {
                Expr parameter = a.parameter();
                if (parameter != null) {
                    load(parameter, start, end, step);
                }
                load(a.expr(), start, end, step);
            }
            case Expr.Binary b -> {
                load(b.lhs(), start, end, step);
                load(b.rhs(), start, end, step);
            }
            case Expr.NumberLiteral n -> {}
            case Expr.StringLiteral s -> {}
        }
    }

    private void count(Expr.VectorSelector vs, List<SeriesData> selected) {
        List<SeriesData> series = new ArrayList<>(selected);
        seriesRead += series.size();
        if (seriesRead > limits.maxSeries()) {
            throw PromQlException.execution("query would read more than " + limits.maxSeries() + " series ("
                    + seriesRead + " so far, at selector " + vs + ")");
        }
        for (SeriesData s : series) {
            pointsRead += s.size();
        }
        if (pointsRead > limits.maxPoints()) {
            throw PromQlException.execution("query would read more than " + limits.maxPoints() + " points ("
                    + pointsRead + " so far, at selector " + vs + ")");
        }
        series.sort(Comparator.comparing(SeriesData::labels));
        data.put(vs, series);
    }

    // ---- evaluation at one instant

    Value eval(Expr e, long t) {
        return switch (e) {
            case Expr.NumberLiteral n -> new ScalarValue(n.value());
            case Expr.StringLiteral s -> new StringValue(s.value());
            case Expr.Paren p -> eval(p.expr(), t);
            case Expr.Negation n -> negate(eval(n.expr(), t));
            case Expr.VectorSelector vs -> instant(vs, t);
            case Expr.MatrixSelector ms -> range(ms, t);
            case Expr.Call c -> Functions.call(this, c, t);
            case Expr.Aggregate a -> Aggregations.aggregate(this, a, t);
            case Expr.Binary b -> BinaryOperations.evaluate(this, b, eval(b.lhs(), t), eval(b.rhs(), t));
        };
    }

    double scalar(Expr e, long t) {
        return ((ScalarValue) eval(e, t)).value();
    }

    List<Sample> vector(Expr e, long t) {
        return ((VectorValue) eval(e, t)).samples();
    }

    /** {@code labels} without the metric name, computed once per label set and query. */
    Labels withoutName(Labels labels) {
        return namesDropped.computeIfAbsent(labels, Labels::withoutName);
    }

    /**
     * {@code f(labels)} computed once per label set for one node of the query (a grouping, a vector matching): the same
     * series come back at every step of a range query.
     */
    Labels derive(Object node, Labels labels, UnaryOperator<Labels> f) {
        return derived.computeIfAbsent(node, k -> new HashMap<>()).computeIfAbsent(labels, f);
    }

    private Value negate(Value v) {
        if (v instanceof ScalarValue s) {
            return new ScalarValue(-s.value());
        }
        List<Sample> in = ((VectorValue) v).samples();
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(new Sample(withoutName(s.labels()), -s.value()));
        }
        return new VectorValue(out);
    }

    private VectorValue instant(Expr.VectorSelector vs, long t) {
        long ref = t - vs.offsetMillis();
        long oldest = ref - limits.lookbackMillis();
        List<SeriesData> series = series(vs);
        int[] at = cursors(vs, series.size());
        List<Sample> out = new ArrayList<>(series.size());
        for (int k = 0; k < series.size(); k++) {
            SeriesData s = series.get(k);
            int i = lastAtOrBefore(s.timestamps(), ref, at[k]);
            at[k] = i;
            if (i >= 0 && s.timestamps()[i] >= oldest) {
                out.add(new Sample(s.labels(), s.values()[i]));
            }
        }
        return new VectorValue(out);
    }

    MatrixValue range(Expr.MatrixSelector ms, long t) {
        long ref = t - ms.selector().offsetMillis();
        long oldest = ref - ms.rangeMillis();
        List<SeriesData> series = series(ms.selector());
        int[] at = cursors(ms, 2 * series.size());
        List<Window> out = new ArrayList<>(series.size());
        for (int k = 0; k < series.size(); k++) {
            SeriesData s = series.get(k);
            int before = lastAtOrBefore(s.timestamps(), oldest - 1, at[2 * k]);
            int last = lastAtOrBefore(s.timestamps(), ref, at[2 * k + 1]);
            at[2 * k] = before;
            at[2 * k + 1] = last;
            if (last > before) {
                out.add(new Window(s.labels(), s.timestamps(), s.values(), before + 1, last + 1));
            }
        }
        return new MatrixValue(out);
    }

    private int[] cursors(Object node, int size) {
        int[] at = cursors.get(node);
        if (at == null) {
            at = new int[size];
            Arrays.fill(at, -1);
            cursors.put(node, at);
        }
        return at;
    }

    private List<SeriesData> series(Expr.VectorSelector vs) {
        List<SeriesData> s = data.get(vs);
        if (s == null) {
            throw new IllegalStateException("selector " + vs + " was not loaded before evaluation");
        }
        return s;
    }

    /** The index of the last timestamp at or before {@code t}, -1 when there is none. */
    static int lastAtOrBefore(long[] ts, long t) {
        return search(ts, t, 0, ts.length - 1, -1);
    }

    /**
     * {@link #lastAtOrBefore(long[], long)}, starting from {@code hint} (an earlier answer, -1 for none): when the
     * answer lies at or after it, galloping forward from there touches a few neighbouring entries instead of the whole
     * array's binary search path.
     */
    static int lastAtOrBefore(long[] ts, long t, int hint) {
        if (hint < 0 || hint >= ts.length || ts[hint] > t) {
            return lastAtOrBefore(ts, t);
        }
        int lo = hint; // ts[lo] <= t
        int stride = 1;
        while (lo + stride < ts.length && ts[lo + stride] <= t) {
            lo += stride;
            stride <<= 1;
        }
        return search(ts, t, lo + 1, Math.min(lo + stride, ts.length) - 1, lo);
    }

    /** The last index in {@code [lo, hi]} whose timestamp is at or before {@code t}, else {@code found}. */
    private static int search(long[] ts, long t, int lo, int hi, int found) {
        int l = lo;
        int h = hi;
        int f = found;
        while (l <= h) {
            int mid = (l + h) >>> 1;
            if (ts[mid] <= t) {
                f = mid;
                l = mid + 1;
            } else {
                h = mid - 1;
            }
        }
        return f;
    }
}
