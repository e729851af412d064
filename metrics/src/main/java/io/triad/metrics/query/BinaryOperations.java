package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.query.Evaluator.ScalarValue;
import io.triad.metrics.query.Evaluator.Value;
import io.triad.metrics.query.Evaluator.VectorValue;
import io.triad.metrics.query.Expr.BinaryOp;
import io.triad.metrics.query.Expr.Cardinality;
import io.triad.metrics.query.Expr.VectorMatching;
import io.triad.metrics.query.QueryResult.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Binary operators between scalars, between a vector and a scalar, and between vectors with Prometheus's vector
 * matching: one-to-one by default, {@code on}/{@code ignoring} to choose the matching labels, {@code group_left} and
 * {@code group_right} for many-to-one, and the set operators {@code and or unless}.
 */
final class BinaryOperations {

    private BinaryOperations() {}

    static Value evaluate(Evaluator ev, Expr.Binary b, Value lhs, Value rhs) {
        BinaryOp op = b.op();
        if (lhs instanceof ScalarValue l && rhs instanceof ScalarValue r) {
            double v = apply(op, l.value(), r.value());
            return new ScalarValue(op.isComparison() ? (keep(op, l.value(), r.value()) ? 1 : 0) : v);
        }
        if (lhs instanceof VectorValue l && rhs instanceof ScalarValue r) {
            return vectorScalar(ev, op, b.returnBool(), l.samples(), r.value(), false);
        }
        if (lhs instanceof ScalarValue l && rhs instanceof VectorValue r) {
            return vectorScalar(ev, op, b.returnBool(), r.samples(), l.value(), true);
        }
        List<Sample> l = ((VectorValue) lhs).samples();
        List<Sample> r = ((VectorValue) rhs).samples();
        return switch (op) {
            case AND -> and(ev, l, r, b.matching(), true);
            case UNLESS -> and(ev, l, r, b.matching(), false);
            case OR -> or(ev, l, r, b.matching());
            default -> vectorVector(ev, b, op, b.returnBool(), l, r, b.matching());
        };
    }

    /** The arithmetic result, or for a comparison the value that a filtering comparison keeps (the left side's). */
    static double apply(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
            case POW -> Math.pow(l, r);
            default -> l;
        };
    }

    static boolean keep(BinaryOp op, double l, double r) {
        return switch (op) {
            case EQLC -> l == r;
            case NEQ -> l != r;
            case LSS -> l < r;
            case GTR -> l > r;
            case LTE -> l <= r;
            case GTE -> l >= r;
            default -> true;
        };
    }

    private static VectorValue vectorScalar(
            Evaluator ev, BinaryOp op, boolean returnBool, List<Sample> vector, double scalar, boolean scalarOnLeft) {
        List<Sample> out = new ArrayList<>(vector.size());
        for (Sample s : vector) {
            double l = scalarOnLeft ? scalar : s.value();
            double r = scalarOnLeft ? s.value() : scalar;
            double value = apply(op, l, r);
            boolean kept = keep(op, l, r);
            if (op.isComparison() && scalarOnLeft) {
                // A filtering comparison keeps the vector's value, whichever side it is on.
                value = s.value();
            }
            if (returnBool) {
                value = kept ? 1 : 0;
                kept = true;
            }
            if (kept) {
                Labels labels = returnBool || !op.isComparison() ? ev.withoutName(s.labels()) : s.labels();
                out.add(new Sample(labels, value));
            }
        }
        return new VectorValue(out);
    }

    /** The labels that decide which samples of the two sides match. */
    static Labels signature(Labels labels, VectorMatching m) {
        TreeMap<String, String> out = new TreeMap<>();
        if (m.on()) {
            for (String l : m.labels()) {
                String v = labels.get(l);
                if (v != null) {
                    out.put(l, v);
                }
            }
        } else {
            out.putAll(labels.asMap());
            out.remove(Labels.NAME);
            for (String l : m.labels()) {
                out.remove(l);
            }
        }
        return Labels.of(out);
    }

    private static VectorValue vectorVector(
            Evaluator ev,
            Expr.Binary b,
            BinaryOp op,
            boolean returnBool,
            List<Sample> lhs,
            List<Sample> rhs,
            VectorMatching m) {
        boolean swap = m.cardinality() == Cardinality.ONE_TO_MANY;
        List<Sample> many = swap ? rhs : lhs;
        List<Sample> one = swap ? lhs : rhs;
        Map<Labels, Sample> oneBySignature = HashMap.newHashMap(one.size());
        for (Sample s : one) {
            Labels sig = ev.derive(m, s.labels(), x -> signature(x, m));
            Sample previous = oneBySignature.put(sig, s);
            if (previous != null) {
                throw PromQlException.execution("found duplicate series for the match group " + sig + " on the "
                        + (swap ? "left" : "right") + " hand-side of the operation: [" + previous.labels() + ", "
                        + s.labels()
                        + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Set<Labels> matched = m.cardinality() == Cardinality.ONE_TO_ONE ? new HashSet<>(2 * many.size()) : Set.of();
        Set<Labels> produced = new HashSet<>();
        List<Sample> out = new ArrayList<>(many.size());
        for (Sample s : many) {
            Labels sig = ev.derive(m, s.labels(), x -> signature(x, m));
            Sample o = oneBySignature.get(sig);
            if (o == null) {
                continue;
            }
            if (m.cardinality() == Cardinality.ONE_TO_ONE && !matched.add(sig)) {
                throw PromQlException.execution("multiple matches for labels " + sig
                        + ": many-to-one matching must be explicit (group_left/group_right)");
            }
            double l = swap ? o.value() : s.value();
            double r = swap ? s.value() : o.value();
            double value = apply(op, l, r);
            boolean kept = keep(op, l, r);
            if (returnBool) {
                value = kept ? 1 : 0;
                kept = true;
            }
            if (!kept) {
                continue;
            }
            // Without group labels the result depends on this side's labels only: derive it once per series.
            Labels labels = m.include().isEmpty()
                    ? ev.derive(b, s.labels(), x -> resultLabels(x, o.labels(), op, returnBool, m))
                    : resultLabels(s.labels(), o.labels(), op, returnBool, m);
            if (m.cardinality() != Cardinality.ONE_TO_ONE && !produced.add(labels)) {
                throw PromQlException.execution(
                        "multiple matches for labels " + labels + ": grouping labels must ensure unique matches");
            }
            out.add(new Sample(labels, value));
        }
        return new VectorValue(out);
    }

    private static Labels resultLabels(Labels many, Labels one, BinaryOp op, boolean returnBool, VectorMatching m) {
        TreeMap<String, String> out = new TreeMap<>(many.asMap());
        if (returnBool || !op.isComparison()) {
            out.remove(Labels.NAME);
        }
        if (m.cardinality() == Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                out.keySet().retainAll(m.labels());
            } else {
                for (String l : m.labels()) {
                    out.remove(l);
                }
            }
        }
        for (String l : m.include()) {
            String v = one.get(l);
            if (v == null) {
                out.remove(l);
            } else {
                out.put(l, v);
            }
        }
        return Labels.of(out);
    }

    private static VectorValue and(
            Evaluator ev, List<Sample> lhs, List<Sample> rhs, VectorMatching m, boolean keepMatching) {
        Set<Labels> right = new HashSet<>();
        for (Sample s : rhs) {
            right.add(ev.derive(m, s.labels(), x -> signature(x, m)));
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : lhs) {
            if (right.contains(ev.derive(m, s.labels(), x -> signature(x, m))) == keepMatching) {
                out.add(s);
            }
        }
        return new VectorValue(out);
    }

    private static VectorValue or(Evaluator ev, List<Sample> lhs, List<Sample> rhs, VectorMatching m) {
        Set<Labels> left = new HashSet<>();
        List<Sample> out = new ArrayList<>(lhs);
        for (Sample s : lhs) {
            left.add(ev.derive(m, s.labels(), x -> signature(x, m)));
        }
        for (Sample s : rhs) {
            if (!left.contains(ev.derive(m, s.labels(), x -> signature(x, m)))) {
                out.add(s);
            }
        }
        return new VectorValue(out);
    }
}
