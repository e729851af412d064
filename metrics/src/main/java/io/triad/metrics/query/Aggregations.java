package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.query.Evaluator.Value;
import io.triad.metrics.query.Evaluator.VectorValue;
import io.triad.metrics.query.Expr.AggregateOp;
import io.triad.metrics.query.QueryResult.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The aggregation operators: groups by the {@code by} labels (or all but the {@code without} labels and the name). */
final class Aggregations {

    private Aggregations() {}

    private static final class Group {
        final Labels labels;
        final List<Sample> members = new ArrayList<>();
        double sum;
        double min = Double.NaN;
        double max = Double.NaN;

        Group(Labels labels) {
            this.labels = labels;
        }
    }

    static Value aggregate(Evaluator ev, Expr.Aggregate a, long t) {
        Expr parameter = a.parameter();
        double k = parameter == null ? 0 : ev.scalar(parameter, t);
        List<Sample> in = ev.vector(a.expr(), t);
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            Labels key = ev.derive(a, s.labels(), x -> groupKey(x, a.grouping(), a.without()));
            Group g = groups.computeIfAbsent(key, Group::new);
            double v = s.value();
            g.members.add(s);
            g.sum += v;
            // As Prometheus: a NaN is replaced by any later number.
            if (Double.isNaN(g.min) || v < g.min) {
                g.min = v;
            }
            if (Double.isNaN(g.max) || v > g.max) {
                g.max = v;
            }
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            switch (a.op()) {
                case SUM -> out.add(new Sample(g.labels, g.sum));
                case AVG -> out.add(new Sample(g.labels, g.sum / g.members.size()));
                case MIN -> out.add(new Sample(g.labels, g.min));
                case MAX -> out.add(new Sample(g.labels, g.max));
                case COUNT -> out.add(new Sample(g.labels, g.members.size()));
                case TOPK, BOTTOMK -> out.addAll(select(g.members, k, a.op() == AggregateOp.TOPK));
            }
        }
        return new VectorValue(out);
    }

    /**
     * The k largest (or smallest) samples of a group, best first, keeping the series' labels. Ties keep the series
     * that comes first in label order; NaN ranks last either way, as in Prometheus.
     */
    private static List<Sample> select(List<Sample> members, double k, boolean top) {
        if (Double.isNaN(k) || k < 1) {
            return List.of();
        }
        int n = (int) Math.min(k, members.size());
        Comparator<Sample> byValue = top
                ? Comparator.comparingDouble((Sample s) -> s.value()).reversed()
                : Comparator.comparingDouble(Sample::value);
        Comparator<Sample> nanLast = Comparator.comparing((Sample s) -> Double.isNaN(s.value()));
        List<Sample> sorted = new ArrayList<>(members);
        sorted.sort(nanLast.thenComparing(
                (x, y) -> Double.isNaN(x.value()) || Double.isNaN(y.value()) ? 0 : byValue.compare(x, y)));
        return sorted.subList(0, n);
    }

    static Labels groupKey(Labels labels, List<String> grouping, boolean without) {
        TreeMap<String, String> m = new TreeMap<>();
        if (without) {
            m.putAll(labels.asMap());
            m.remove(Labels.NAME);
            for (String l : grouping) {
                m.remove(l);
            }
        } else {
            for (String l : grouping) {
                String v = labels.get(l);
                if (v != null) {
                    m.put(l, v);
                }
            }
        }
        return Labels.of(m);
    }
}
