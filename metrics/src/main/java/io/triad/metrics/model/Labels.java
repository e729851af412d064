package io.triad.metrics.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a time series: label names to values, the metric name under {@link #NAME} ({@code __name__}), as in
 * Prometheus. Names match {@code [a-zA-Z_][a-zA-Z0-9_]*}; values are any non-empty string (a label with an empty
 * value is the same as no label, so it is left out).
 *
 * <p>NOTE: immutable and thread safe; equal label sets are equal, ordered by name.
 */
public final class Labels implements Comparable<Labels> {
    /** The label holding the metric name. */
    public static final String NAME = "__name__";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final SortedMap<String, String> map;
    private final int hash;

    private Labels(SortedMap<String, String> map) {
        this.map = map;
        this.hash = hash(map);
    }

    /**
     * An order-aware hash of the sorted pairs, each name and value hash mixed in through a 64-bit finalizer
     * (MurmurHash3's fmix64). NOTE: {@link Map#hashCode()} sums {@code key ^ value} per entry, and a polynomial
     * {@code 31 * h + ...} is linear: both collide for label sets that differ in two places whose differences cancel
     * (10 % of 10,000 host series of the store benchmark shared a hash that way); the store's series map then
     * degrades to deep comparisons.
     */
    private static int hash(SortedMap<String, String> map) {
        long h = 0x243F6A8885A308D3L;
        for (Map.Entry<String, String> e : map.entrySet()) {
            h = mix(h ^ e.getKey().hashCode());
            h = mix(h ^ e.getValue().hashCode());
        }
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * Labels from a map; empty values are dropped.
     *
     * @throws IllegalArgumentException when a name is not a valid label name
     */
    public static Labels of(Map<String, String> labels) {
        TreeMap<String, String> m = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException(
                        "label name must match [a-zA-Z_][a-zA-Z0-9_]*; got: '" + e.getKey() + "'");
            }
            if (!e.getValue().isEmpty()) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return new Labels(java.util.Collections.unmodifiableSortedMap(m));
    }

    /** Labels from alternating names and values: {@code of("__name__", "up", "site", "site-a")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs; got " + namesAndValues.length);
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(m);
    }

    /** The metric name, empty when there is none. */
    public String name() {
        return map.getOrDefault(NAME, "");
    }

    /** The value of a label, or null when the series has none. */
    public @Nullable String get(String name) {
        return map.get(name);
    }

    /** Every label, sorted by name. */
    public SortedMap<String, String> asMap() {
        return map;
    }

    /** These labels with one label set (or removed when {@code value} is empty). */
    public Labels with(String name, String value) {
        TreeMap<String, String> m = new TreeMap<>(map);
        m.put(name, value);
        return of(m);
    }

    /** These labels without the metric name. */
    public Labels withoutName() {
        if (!map.containsKey(NAME)) {
            return this;
        }
        TreeMap<String, String> m = new TreeMap<>(map);
        m.remove(NAME);
        return new Labels(java.util.Collections.unmodifiableSortedMap(m));
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof Labels l && hash == l.hash && map.equals(l.map));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Labels o) {
        return toString().compareTo(o.toString());
    }

    /** Prometheus notation: {@code up{site="site-a"}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().equals(NAME)) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(e.getKey()).append("=\"");
            String v = e.getValue();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '"' -> b.append("\\\"");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** The number of labels, the name included. */
    public int size() {
        return map.size();
    }
}
