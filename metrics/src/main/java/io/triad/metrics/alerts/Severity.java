package io.triad.metrics.alerts;

import java.util.Locale;

/** How bad an alert is, in increasing order; the {@code severity} label holds {@link #id()}. */
public enum Severity {
    WARNING,
    CRITICAL;

    /** {@code warning} or {@code critical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The severity of an id.
     *
     * @throws IllegalArgumentException when it is neither {@code warning} nor {@code critical}
     */
    public static Severity parse(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity must be 'warning' or 'critical'; got: '" + id + "'");
    }
}
