package io.triad.metrics.model;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition of a PromQL selector: {@code name="v"}, {@code name!="v"}, {@code name=~"re"}, {@code name!~"re"}.
 * Regular expressions are fully anchored, as in Prometheus; a missing label has the value "".
 *
 * <p>NOTE: immutable and thread safe.
 */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {
    /** The four matcher kinds. */
    public enum Type {
        EQ("="),
        NEQ("!="),
        RE("=~"),
        NRE("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * A matcher.
     *
     * @throws IllegalArgumentException when a regular expression does not compile
     */
    public static LabelMatcher of(String name, Type type, String value) {
        Pattern p;
        try {
            p = type == Type.RE || type == Type.NRE ? Pattern.compile(value) : Pattern.compile(Pattern.quote(value));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "label matcher " + name + type.symbol() + "\"" + value + "\" is not a valid regular expression: "
                            + e.getDescription(),
                    e);
        }
        return new LabelMatcher(name, type, value, p);
    }

    /** Shorthand for {@code name="value"}. */
    public static LabelMatcher eq(String name, String value) {
        return of(name, Type.EQ, value);
    }

    /** Whether the labels satisfy this matcher. */
    public boolean matches(Labels labels) {
        String v = labels.get(name);
        String actual = v == null ? "" : v;
        return switch (type) {
            case EQ -> actual.equals(value);
            case NEQ -> !actual.equals(value);
            case RE -> pattern.matcher(actual).matches();
            case NRE -> !pattern.matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return name + type.symbol() + "\"" + value + "\"";
    }
}
