package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.query.Evaluator.MatrixValue;
import io.triad.metrics.query.Evaluator.ScalarValue;
import io.triad.metrics.query.Evaluator.Value;
import io.triad.metrics.query.Evaluator.VectorValue;
import io.triad.metrics.query.Evaluator.Window;
import io.triad.metrics.query.QueryResult.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** The PromQL functions of the subset, with the algorithms of Prometheus 2.x's {@code promql/functions.go}. */
final class Functions {

    private Functions() {}

    static Value call(Evaluator ev, Expr.Call c, long t) {
        List<Expr> args = c.args();
        return switch (c.function()) {
            case RATE -> extrapolatedRate(ev, args.get(0), t, true);
            case INCREASE -> extrapolatedRate(ev, args.get(0), t, false);
            case IRATE -> irate(ev, args.get(0), t);
            case PREDICT_LINEAR -> predictLinear(ev, args.get(0), ev.scalar(args.get(1), t), t);
            case DERIV -> deriv(ev, args.get(0), t);
            case HISTOGRAM_QUANTILE -> histogramQuantile(ev, c, ev.scalar(args.get(0), t), ev.vector(args.get(1), t));
            case ABS -> map(ev, ev.vector(args.get(0), t), Math::abs);
            case CLAMP_MIN -> {
                double min = ev.scalar(args.get(1), t);
                yield map(ev, ev.vector(args.get(0), t), v -> Math.max(min, v));
            }
            case CLAMP_MAX -> {
                double max = ev.scalar(args.get(1), t);
                yield map(ev, ev.vector(args.get(0), t), v -> Math.min(max, v));
            }
            case TIME -> new ScalarValue(t / 1000.0);
            case VECTOR -> new VectorValue(List.of(new Sample(Labels.of(), ev.scalar(args.get(0), t))));
            case SCALAR -> {
                List<Sample> v = ev.vector(args.get(0), t);
                yield new ScalarValue(v.size() == 1 ? v.get(0).value() : Double.NaN);
            }
        };
    }

    private static Expr.MatrixSelector matrixSelector(Expr e) {
        Expr x = e;
        while (x instanceof Expr.Paren p) {
            x = p.expr();
        }
        return (Expr.MatrixSelector) x;
    }

    /** Go's math.Max/Min return NaN when either side is NaN; Java's do too. */
    private static VectorValue map(Evaluator ev, List<Sample> in, DoubleUnaryOperator f) {
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(new Sample(ev.withoutName(s.labels()), f.applyAsDouble(s.value())));
        }
        return new VectorValue(out);
    }

    /**
     * {@code rate} and {@code increase}: the increase over the samples in the window, corrected for counter resets,
     * extrapolated to the window's boundaries (by at most half an average sample interval when the first or last
     * sample is far from the boundary, and never below zero at the start).
     */
    private static Value extrapolatedRate(Evaluator ev, Expr arg, long t, boolean isRate) {
        Expr.MatrixSelector ms = matrixSelector(arg);
        MatrixValue m = ev.range(ms, t);
        long rangeEnd = t - ms.selector().offsetMillis();
        long rangeStart = rangeEnd - ms.rangeMillis();
        List<Sample> out = new ArrayList<>(m.series().size());
        for (Window w : m.series()) {
            int n = w.size();
            if (n < 2) {
                continue;
            }
            double result = w.v(n - 1) - w.v(0);
            double last = 0;
            for (int i = 0; i < n; i++) {
                double v = w.v(i);
                if (v < last) {
                    result += last;
                }
                last = v;
            }
            double durationToStart = (w.t(0) - rangeStart) / 1000.0;
            double durationToEnd = (rangeEnd - w.t(n - 1)) / 1000.0;
            double sampledInterval = (w.t(n - 1) - w.t(0)) / 1000.0;
            double averageBetweenSamples = sampledInterval / (n - 1);
            if (result > 0 && w.v(0) >= 0) {
                // A counter starts at zero: do not extrapolate to before the time it would have been zero.
                double durationToZero = sampledInterval * (w.v(0) / result);
                if (durationToZero < durationToStart) {
                    durationToStart = durationToZero;
                }
            }
            double threshold = averageBetweenSamples * 1.1;
            double extrapolateTo = sampledInterval;
            extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
            extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
            // The factor first, then the product, in Prometheus's order (the last bit of the result depends on it).
            double factor = extrapolateTo / sampledInterval;
            if (isRate) {
                factor /= ms.rangeMillis() / 1000.0;
            }
            out.add(new Sample(ev.withoutName(w.labels()), result * factor));
        }
        return new VectorValue(out);
    }

    /** {@code irate}: the per-second rate between the last two samples (the last value alone after a reset). */
    private static Value irate(Evaluator ev, Expr arg, long t) {
        MatrixValue m = ev.range(matrixSelector(arg), t);
        List<Sample> out = new ArrayList<>(m.series().size());
        for (Window w : m.series()) {
            int n = w.size();
            if (n < 2) {
                continue;
            }
            double last = w.v(n - 1);
            double previous = w.v(n - 2);
            double increase = last < previous ? last : last - previous;
            long interval = w.t(n - 1) - w.t(n - 2);
            if (interval == 0) {
                continue;
            }
            out.add(new Sample(ev.withoutName(w.labels()), increase / (interval / 1000.0)));
        }
        return new VectorValue(out);
    }

    /** {@code predict_linear}: the least-squares line through the window, read {@code seconds} after {@code t}. */
    private static Value predictLinear(Evaluator ev, Expr arg, double seconds, long t) {
        MatrixValue m = ev.range(matrixSelector(arg), t);
        List<Sample> out = new ArrayList<>(m.series().size());
        for (Window w : m.series()) {
            if (w.size() >= 2) {
                double[] line = linearRegression(w, t);
                out.add(new Sample(ev.withoutName(w.labels()), line[0] * seconds + line[1]));
            }
        }
        return new VectorValue(out);
    }

    /** {@code deriv}: the per-second slope of the least-squares line through the window. */
    private static Value deriv(Evaluator ev, Expr arg, long t) {
        MatrixValue m = ev.range(matrixSelector(arg), t);
        List<Sample> out = new ArrayList<>(m.series().size());
        for (Window w : m.series()) {
            if (w.size() >= 2) {
                // NOTE: Prometheus fits deriv's line around the first sample's time; the slope is the same.
                out.add(new Sample(ev.withoutName(w.labels()), linearRegression(w, t)[0]));
            }
        }
        return new VectorValue(out);
    }

    /**
     * The least-squares line through a window of at least two samples, x in seconds relative to {@code t}: {slope per
     * second, intercept at t}.
     */
    private static double[] linearRegression(Window w, long t) {
        int n = w.size();
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumX2 = 0;
        double first = w.v(0);
        boolean constant = true;
        // Kahan-Neumaier sums, as Prometheus.
        double cX = 0;
        double cY = 0;
        double cXY = 0;
        double cX2 = 0;
        for (int i = 0; i < n; i++) {
            double x = (w.t(i) - t) / 1000.0;
            double y = w.v(i);
            constant &= y == first;
            double s = sumX + x;
            cX += Math.abs(sumX) >= Math.abs(x) ? (sumX - s) + x : (x - s) + sumX;
            sumX = s;
            s = sumY + y;
            cY += Math.abs(sumY) >= Math.abs(y) ? (sumY - s) + y : (y - s) + sumY;
            sumY = s;
            double xy = x * y;
            s = sumXY + xy;
            cXY += Math.abs(sumXY) >= Math.abs(xy) ? (sumXY - s) + xy : (xy - s) + sumXY;
            sumXY = s;
            double xx = x * x;
            s = sumX2 + xx;
            cX2 += Math.abs(sumX2) >= Math.abs(xx) ? (sumX2 - s) + xx : (xx - s) + sumX2;
            sumX2 = s;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        if (constant) {
            boolean inf = Double.isInfinite(first);
            return new double[] {inf ? Double.NaN : 0, inf ? Double.NaN : first};
        }
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        return new double[] {slope, sumY / n - slope * sumX / n};
    }

    private record Bucket(double upperBound, double count) {}

    /**
     * {@code histogram_quantile}: per series group (labels without {@code le}), the quantile interpolated linearly
     * inside the bucket the rank falls in; NaN without a {@code +Inf} bucket; the highest finite bound when the rank
     * is in the {@code +Inf} bucket.
     */
    private static Value histogramQuantile(Evaluator ev, Expr.Call c, double q, List<Sample> in) {
        Map<Labels, List<Bucket>> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            String le = s.labels().get("le");
            if (le == null) {
                continue;
            }
            double bound;
            try {
                bound = parseBound(le);
            } catch (NumberFormatException e) {
                continue;
            }
            Labels key = ev.derive(c, s.labels(), Functions::withoutLe);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(bound, s.value()));
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Map.Entry<Labels, List<Bucket>> g : groups.entrySet()) {
            out.add(new Sample(g.getKey(), bucketQuantile(q, g.getValue())));
        }
        return new VectorValue(out);
    }

    private static Labels withoutLe(Labels labels) {
        Map<String, String> m = new LinkedHashMap<>(labels.asMap());
        m.remove("le");
        m.remove(Labels.NAME);
        return Labels.of(m);
    }

    static double parseBound(String le) {
        String s = le.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "+inf", "inf", "+infinity", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static double bucketQuantile(double q, List<Bucket> input) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> sorted = new ArrayList<>(input);
        sorted.sort((a, b) -> Double.compare(a.upperBound(), b.upperBound()));
        if (sorted.isEmpty() || sorted.get(sorted.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // Coalesce buckets with the same bound, then make the counts monotonic.
        List<Bucket> buckets = new ArrayList<>();
        for (Bucket b : sorted) {
            int last = buckets.size() - 1;
            if (last >= 0 && buckets.get(last).upperBound() == b.upperBound()) {
                buckets.set(last, new Bucket(b.upperBound(), buckets.get(last).count() + b.count()));
            } else {
                buckets.add(b);
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (b.count() > max) {
                max = b.count();
            } else if (b.count() < max) {
                buckets.set(i, new Bucket(b.upperBound(), max));
            }
        }
        if (buckets.size() < 2) {
            return Double.NaN;
        }
        double observations = buckets.get(buckets.size() - 1).count();
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < buckets.size() - 1 && !(buckets.get(b).count() >= rank)) {
            b++;
        }
        if (b == buckets.size() - 1) {
            return buckets.get(buckets.size() - 2).upperBound();
        }
        if (b == 0 && buckets.get(0).upperBound() <= 0) {
            return buckets.get(0).upperBound();
        }
        double bucketStart = 0;
        double bucketEnd = buckets.get(b).upperBound();
        double count = buckets.get(b).count();
        if (b > 0) {
            bucketStart = buckets.get(b - 1).upperBound();
            count -= buckets.get(b - 1).count();
            rank -= buckets.get(b - 1).count();
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }
}
