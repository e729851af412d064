package io.triad.collector.correlation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.triad.collector.model.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Adds the correlation keys that {@link CorrelationRules} find in an event's fields and message to the keys the
 * codec already set. Values already present under a key are not added twice.
 *
 * <p>It also completes the two values correlation groups by, where the codec left them empty: {@code component}
 * and {@code layer} from fields of those names (the RFC 5424 parameters {@code [triad@32473 component="EAP"
 * layer="application"]}, GELF {@code _component}), else the layer from the syslog facility: {@code os} for the
 * system facilities (kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit,
 * alert, clock), {@code application} for local0..local7.
 *
 * <p>NOTE: immutable and thread safe; the rules are fixed at construction, so new rules apply to new events only.
 */
public final class CorrelationExtractor {
    private final CorrelationRules rules;
    private final Set<String> fieldNames;
    private final Counter dropped;

    public CorrelationExtractor(CorrelationRules rules, MeterRegistry registry) {
        this.rules = rules;
        this.fieldNames = Set.copyOf(rules.fieldNames());
        this.dropped = Counter.builder("triad.correlation.dropped.values")
                .description("Correlation values not kept because they were too long or one key had too many")
                .register(registry);
    }

    /** The event with the keys the rules find added; the same instance when they find nothing new. */
    public LogEvent apply(LogEvent e) {
        @Nullable List<String[]> found = null;
        if (!fieldNames.isEmpty()) {
            for (Map.Entry<String, String> f : e.fields().entrySet()) {
                String name = matchingFieldName(f.getKey());
                if (name != null && !f.getValue().isEmpty()) {
                    found = add(found, name, f.getValue());
                }
            }
        }
        String message = e.message();
        if (!message.isEmpty()) {
            for (CorrelationRules.Extractor x : rules.extractors()) {
                Matcher m = x.pattern().matcher(message);
                while (m.find()) {
                    String v = m.group(x.group());
                    if (v != null && !v.isEmpty()) {
                        found = add(found, x.name(), v);
                    }
                }
            }
        }
        String component = e.component().isEmpty() ? fieldValue(e, "component") : "";
        String layer = e.layer().isEmpty() ? fieldValue(e, "layer") : "";
        if (e.layer().isEmpty() && layer.isEmpty() && e.facility() >= 0) {
            layer = e.facility() >= 16 ? "application" : "os";
        }
        if (found == null && component.isEmpty() && layer.isEmpty()) {
            return e;
        }
        LogEvent out = found == null ? e : merge(e, found);
        if (component.isEmpty() && layer.isEmpty()) {
            return out;
        }
        LogEvent.Builder b = out.toBuilder();
        if (!component.isEmpty()) {
            b.component(component);
        }
        if (!layer.isEmpty()) {
            b.layer(layer);
        }
        return b.build();
    }

    /** The value of the field {@code name} or {@code <anything>.name}; empty when there is none. */
    private static String fieldValue(LogEvent e, String name) {
        for (Map.Entry<String, String> f : e.fields().entrySet()) {
            String k = f.getKey();
            if (k.equals(name)
                    || (k.endsWith(name)
                            && k.length() > name.length()
                            && k.charAt(k.length() - name.length() - 1) == '.')) {
                return f.getValue();
            }
        }
        return "";
    }

    private LogEvent merge(LogEvent e, List<String[]> found) {
        Map<String, List<String>> existing = e.correlation();
        boolean changed = false;
        for (String[] kv : found) {
            List<String> values = existing.get(kv[0]);
            if (values == null || !values.contains(kv[1])) {
                changed = true;
                break;
            }
        }
        if (!changed) {
            return e;
        }
        LogEvent.Builder b = e.toBuilder();
        Map<String, Integer> counts = new java.util.HashMap<>();
        existing.forEach((k, v) -> counts.put(k, v.size()));
        for (String[] kv : found) {
            List<String> values = existing.get(kv[0]);
            if (values != null && values.contains(kv[1])) {
                continue;
            }
            int n = counts.getOrDefault(kv[0], 0);
            if (n >= rules.maxValuesPerKey() || kv[1].length() > rules.maxValueChars()) {
                dropped.increment();
                continue;
            }
            counts.put(kv[0], n + 1);
            b.correlate(kv[0], kv[1]);
        }
        return b.build();
    }

    private @Nullable String matchingFieldName(String field) {
        String lower = field.toLowerCase(java.util.Locale.ROOT);
        if (fieldNames.contains(lower)) {
            return lower;
        }
        int dot = lower.lastIndexOf('.');
        if (dot >= 0 && dot < lower.length() - 1) {
            String last = lower.substring(dot + 1);
            if (fieldNames.contains(last)) {
                return last;
            }
        }
        return null;
    }

    private static List<String[]> add(@Nullable List<String[]> found, String name, String value) {
        List<String[]> out = found == null ? new ArrayList<>(2) : found;
        for (String[] kv : out) {
            if (kv[0].equals(name) && kv[1].equals(value)) {
                return out;
            }
        }
        out.add(new String[] {name, value});
        return out;
    }
}
