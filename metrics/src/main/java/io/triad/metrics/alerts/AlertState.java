package io.triad.metrics.alerts;

import java.util.Locale;

/**
 * The states of an alert, as Prometheus names them: {@link #PENDING} while the condition holds for less than the
 * rule's {@code for}, {@link #FIRING} after, {@link #RESOLVED} once the value is back past the clear level, and
 * {@link #INACTIVE} for a pending alert whose condition ended before it fired.
 */
public enum AlertState {
    INACTIVE,
    PENDING,
    FIRING,
    RESOLVED;

    /** {@code pending}, {@code firing}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
