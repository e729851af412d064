package io.triad.metrics.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One alerting rule: a PromQL expression whose samples are values (hours until full, percent available, ...), the
 * thresholds that make a sample bad, the clear levels it must get back past before its alert resolves (hysteresis),
 * and how long it must stay bad before the alert fires ({@code for}).
 *
 * <p>Each sample of the expression's result is one alert, labelled with the sample's labels, the rule's {@link
 * #labels()}, {@code alertname} and {@code severity}: the severity of the most severe threshold whose trigger the
 * value passed and whose clear level it has not got back past since. The summary and description are templates:
 * {@code {{ $value }}} is the value (three significant digits), {@code {{ $labels.NAME }}} a label's value.
 *
 * <p>NOTE: immutable and thread safe.
 *
 * @param name the {@code alertname}, e.g. {@code VolumeFillingUp}
 * @param expr a PromQL expression giving an instant vector (or a scalar: one alert without labels)
 * @param comparison whether values below or above the triggers are bad
 * @param thresholds at most one per severity
 * @param forDuration how long a sample must be bad before its alert fires (0: at the first evaluation)
 * @param labels extra labels of every alert of the rule
 * @param summary the summary annotation template
 * @param description the description annotation template
 */
public record AlertRule(
        String name,
        String expr,
        Comparison comparison,
        List<Threshold> thresholds,
        Duration forDuration,
        Map<String, String> labels,
        String summary,
        String description) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TEMPLATE =
            Pattern.compile("\\{\\{\\s*\\$(value|labels\\.([a-zA-Z_][a-zA-Z0-9_]*))\\s*}}");

    /** Which side of the thresholds is bad. */
    public enum Comparison {
        /** Values below a trigger are bad (hours until full, percent available). */
        BELOW,
        /** Values above a trigger are bad (load per core, percent used). */
        ABOVE;

        /** {@code below} or {@code above}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The comparison of an id.
         *
         * @throws IllegalArgumentException when it is neither {@code below} nor {@code above}
         */
        public static Comparison parse(String id) {
            for (Comparison c : values()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("comparison must be 'below' or 'above'; got: '" + id + "'");
        }
    }

    /**
     * A bad level: a value past {@code trigger} makes an alert of {@code severity}, which stays until the value is
     * back past {@code clear} (equal to the trigger: no hysteresis).
     */
    public record Threshold(Severity severity, double trigger, double clear) {
        public Threshold {
            if (!Double.isFinite(trigger) || !Double.isFinite(clear)) {
                throw new IllegalArgumentException(
                        "threshold trigger and clear must be finite numbers; got " + trigger + " and " + clear);
            }
        }
    }

    public AlertRule {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "alert rule name must match [a-zA-Z_][a-zA-Z0-9_]*; got: '" + name + "'");
        }
        if (expr.isBlank()) {
            throw new IllegalArgumentException("alert rule " + name + ": expr is empty");
        }
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("alert rule " + name + ": needs at least one threshold");
        }
        if (forDuration.isNegative()) {
            throw new IllegalArgumentException("alert rule " + name + ": for must be >= 0; got " + forDuration);
        }
        List<Threshold> sorted = new ArrayList<>(thresholds);
        sorted.sort(Comparator.comparing(Threshold::severity));
        for (int i = 0; i < sorted.size(); i++) {
            Threshold t = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).severity() == t.severity()) {
                throw new IllegalArgumentException("alert rule " + name + ": two thresholds of severity "
                        + t.severity().id());
            }
            boolean clearOk = comparison == Comparison.BELOW ? t.clear() >= t.trigger() : t.clear() <= t.trigger();
            if (!clearOk) {
                throw new IllegalArgumentException("alert rule " + name + ": the "
                        + t.severity().id()
                        + " clear level (" + t.clear() + ") must be " + (comparison == Comparison.BELOW ? ">=" : "<=")
                        + " its trigger (" + t.trigger() + ") for values " + comparison.id()
                        + " the trigger to be bad");
            }
        }
        thresholds = List.copyOf(sorted);
        for (String l : labels.keySet()) {
            if (!NAME.matcher(l).matches() || l.equals("alertname") || l.equals("severity")) {
                throw new IllegalArgumentException("alert rule " + name
                        + ": label names must match [a-zA-Z_][a-zA-Z0-9_]* and not be alertname or severity; got: '"
                        + l + "'");
            }
        }
        labels = Map.copyOf(labels);
    }

    /** A rule with the given thresholds and no extra labels. */
    public static AlertRule of(
            String name,
            String expr,
            Comparison comparison,
            Duration forDuration,
            String summary,
            String description,
            Threshold... thresholds) {
        return new AlertRule(name, expr, comparison, List.of(thresholds), forDuration, Map.of(), summary, description);
    }

    /** This rule with other thresholds (a configured override). */
    public AlertRule withThresholds(List<Threshold> newThresholds) {
        return new AlertRule(name, expr, comparison, newThresholds, forDuration, labels, summary, description);
    }

    /** This rule with another {@code for}. */
    public AlertRule withFor(Duration newFor) {
        return new AlertRule(name, expr, comparison, thresholds, newFor, labels, summary, description);
    }

    /** The threshold of a severity, or null. */
    @org.jspecify.annotations.Nullable
    public Threshold threshold(Severity severity) {
        for (Threshold t : thresholds) {
            if (t.severity() == severity) {
                return t;
            }
        }
        return null;
    }

    /** Whether a value is past a threshold's trigger (never for NaN). */
    boolean triggers(Threshold t, double value) {
        return comparison == Comparison.BELOW ? value < t.trigger() : value > t.trigger();
    }

    /** Whether a value is back past a threshold's clear level (NaN is: no value, nothing bad). */
    boolean clears(Threshold t, double value) {
        if (Double.isNaN(value)) {
            return true;
        }
        return comparison == Comparison.BELOW ? value >= t.clear() : value <= t.clear();
    }

    /** The annotations of an alert with these labels and this value: {@code summary} and {@code description}. */
    Map<String, String> annotations(Map<String, String> alertLabels, double value) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("summary", render(summary, alertLabels, value));
        out.put("description", render(description, alertLabels, value));
        return out;
    }

    static String render(String template, Map<String, String> alertLabels, double value) {
        return TEMPLATE.matcher(template).replaceAll(m -> {
            String label = m.group(2);
            String s = label == null ? formatValue(value) : alertLabels.getOrDefault(label, "");
            return java.util.regex.Matcher.quoteReplacement(s);
        });
    }

    /** Three significant digits, plain notation for ordinary magnitudes: {@code 3.42}, {@code 1.23e+09}. */
    static String formatValue(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        String s = new java.math.BigDecimal(v)
                .round(new java.math.MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
        return s;
    }
}
