/**
 * Shortage detection: alerting rules over the metrics store, evaluated on a schedule with Prometheus's states
 * (pending, firing, resolved), {@code for} durations and hysteresis, silences, and notifiers (the log journal through
 * the appliance, Alertmanager-compatible webhooks).
 *
 * <p>Central types: {@link io.triad.metrics.alerts.AlertRule} (what is bad and when it is good again), {@link
 * io.triad.metrics.alerts.ShortageRules} (the built-in rules), {@link io.triad.metrics.alerts.AlertEvaluator} (the
 * state machine), {@link io.triad.metrics.alerts.SilenceStore} (silences and maintenance windows in H2) and {@link
 * io.triad.metrics.alerts.AlertNotifier} (where state changes go).
 */
@NullMarked
package io.triad.metrics.alerts;

import org.jspecify.annotations.NullMarked;
