package io.triad.metrics.query;

import io.triad.metrics.model.LabelMatcher;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A parsed PromQL expression. Its {@code toString()} prints it back with every binary expression in parentheses, which
 * shows how precedence was applied.
 *
 * <p>NOTE: immutable and thread safe.
 */
public sealed interface Expr {

    /** The four PromQL value types. */
    enum Type {
        SCALAR("scalar"),
        VECTOR("instant vector"),
        MATRIX("range vector"),
        STRING("string");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    Type type();

    /** A number such as {@code 1.5}, {@code 0x1f}, {@code Inf}. */
    record NumberLiteral(double value) implements Expr {
        @Override
        public Type type() {
            return Type.SCALAR;
        }

        @Override
        public String toString() {
            return PromJson.formatValue(value);
        }
    }

    /** A string such as {@code "abc"}. */
    record StringLiteral(String value) implements Expr {
        @Override
        public Type type() {
            return Type.STRING;
        }

        @Override
        public String toString() {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /** {@code name{matchers} offset 5m}; the name, when given, is one of the matchers. */
    record VectorSelector(@Nullable String name, List<LabelMatcher> matchers, long offsetMillis) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        @Override
        public Type type() {
            return Type.VECTOR;
        }

        @Override
        public String toString() {
            String m = matchers.stream()
                    .filter(x -> name == null || !x.name().equals(io.triad.metrics.model.Labels.NAME))
                    .map(LabelMatcher::toString)
                    .collect(Collectors.joining(","));
            return (name == null ? "" : name)
                    + (m.isEmpty() && name != null ? "" : "{" + m + "}")
                    + offset(offsetMillis);
        }
    }

    /** {@code selector[5m] offset 1m}. */
    record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
        @Override
        public Type type() {
            return Type.MATRIX;
        }

        @Override
        public String toString() {
            VectorSelector bare = new VectorSelector(selector.name(), selector.matchers(), 0);
            return bare + "[" + duration(rangeMillis) + "]" + offset(selector.offsetMillis());
        }
    }

    /** {@code (expr)}. */
    record Paren(Expr expr) implements Expr {
        @Override
        public Type type() {
            return expr.type();
        }

        @Override
        public String toString() {
            // A binary expression prints its own parentheses.
            return expr instanceof Binary ? expr.toString() : "(" + expr + ")";
        }
    }

    /** {@code -expr}. */
    record Negation(Expr expr) implements Expr {
        @Override
        public Type type() {
            return expr.type();
        }

        @Override
        public String toString() {
            return "-" + expr;
        }
    }

    /** A function call. */
    record Call(Function function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public Type type() {
            return function.returnType();
        }

        @Override
        public String toString() {
            return function.promName() + "(" + args.stream().map(Expr::toString).collect(Collectors.joining(", "))
                    + ")";
        }
    }

    /** The supported functions with their argument and return types. */
    @SuppressWarnings("ImmutableEnumChecker") // argTypes is an immutable List.of
    enum Function {
        RATE(Type.VECTOR, Type.MATRIX),
        IRATE(Type.VECTOR, Type.MATRIX),
        INCREASE(Type.VECTOR, Type.MATRIX),
        PREDICT_LINEAR(Type.VECTOR, Type.MATRIX, Type.SCALAR),
        DERIV(Type.VECTOR, Type.MATRIX),
        HISTOGRAM_QUANTILE(Type.VECTOR, Type.SCALAR, Type.VECTOR),
        ABS(Type.VECTOR, Type.VECTOR),
        CLAMP_MIN(Type.VECTOR, Type.VECTOR, Type.SCALAR),
        CLAMP_MAX(Type.VECTOR, Type.VECTOR, Type.SCALAR),
        TIME(Type.SCALAR),
        VECTOR(Type.VECTOR, Type.SCALAR),
        SCALAR(Type.SCALAR, Type.VECTOR);

        private final Type returnType;
        private final List<Type> argTypes;

        Function(Type returnType, Type... argTypes) {
            this.returnType = returnType;
            this.argTypes = List.of(argTypes);
        }

        Type returnType() {
            return returnType;
        }

        List<Type> argTypes() {
            return argTypes;
        }

        String promName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static @Nullable Function byName(String name) {
            for (Function f : values()) {
                if (f.promName().equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** The supported aggregation operators. */
    enum AggregateOp {
        SUM,
        AVG,
        MIN,
        MAX,
        COUNT,
        TOPK,
        BOTTOMK;

        boolean hasParameter() {
            return this == TOPK || this == BOTTOMK;
        }

        static @Nullable AggregateOp byName(String name) {
            for (AggregateOp o : values()) {
                if (o.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** {@code sum by (a) (expr)}, {@code topk(3, expr)}; {@code without} lists labels to drop instead. */
    record Aggregate(AggregateOp op, @Nullable Expr parameter, Expr expr, List<String> grouping, boolean without)
            implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }

        @Override
        public Type type() {
            return Type.VECTOR;
        }

        @Override
        public String toString() {
            String g = grouping.isEmpty() && !without
                    ? ""
                    : (without ? " without (" : " by (") + String.join(", ", grouping) + ")";
            return op.name().toLowerCase(Locale.ROOT) + g + " (" + (parameter == null ? "" : parameter + ", ") + expr
                    + ")";
        }
    }

    /** Binary operators, from the lowest precedence up. */
    enum BinaryOp {
        OR("or", 1),
        AND("and", 2),
        UNLESS("unless", 2),
        EQLC("==", 3),
        NEQ("!=", 3),
        LSS("<", 3),
        GTR(">", 3),
        LTE("<=", 3),
        GTE(">=", 3),
        ADD("+", 4),
        SUB("-", 4),
        MUL("*", 5),
        DIV("/", 5),
        MOD("%", 5),
        POW("^", 6);

        private final String symbol;
        private final int precedence;

        BinaryOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        String symbol() {
            return symbol;
        }

        int precedence() {
            return precedence;
        }

        boolean isComparison() {
            return precedence == 3;
        }

        boolean isSetOperator() {
            return precedence <= 2;
        }
    }

    /** How the two sides of a binary expression between vectors pair up. */
    enum Cardinality {
        ONE_TO_ONE,
        MANY_TO_ONE,
        ONE_TO_MANY,
        MANY_TO_MANY
    }

    /**
     * {@code on(labels)} ({@code on} true) or {@code ignoring(labels)}, and for {@code group_left/group_right} the
     * labels copied from the "one" side.
     */
    record VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include) {
        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }

        static VectorMatching defaults(boolean setOperator) {
            return new VectorMatching(
                    setOperator ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE, List.of(), false, List.of());
        }

        @Override
        public String toString() {
            if (labels.isEmpty() && !on && include.isEmpty()) {
                return "";
            }
            String s = (on ? " on(" : " ignoring(") + String.join(", ", labels) + ")";
            return switch (cardinality) {
                case MANY_TO_ONE -> s + " group_left(" + String.join(", ", include) + ")";
                case ONE_TO_MANY -> s + " group_right(" + String.join(", ", include) + ")";
                default -> s;
            };
        }
    }

    /** {@code lhs op bool on(...) rhs}. */
    record Binary(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching) implements Expr {
        @Override
        public Type type() {
            return lhs.type() == Type.VECTOR || rhs.type() == Type.VECTOR ? Type.VECTOR : Type.SCALAR;
        }

        @Override
        public String toString() {
            return "(" + lhs + " " + op.symbol() + (returnBool ? " bool" : "") + matching + " " + rhs + ")";
        }
    }

    private static String offset(long millis) {
        return millis == 0 ? "" : " offset " + duration(millis);
    }

    /** Prometheus's duration notation: {@code 1h30m}, {@code 500ms}. */
    static String duration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        long rest = millis;
        for (int i = 0; i < units.length; i++) {
            if (rest >= units[i]) {
                b.append(rest / units[i]).append(names[i]);
                rest %= units[i];
            }
        }
        return b.toString();
    }
}
