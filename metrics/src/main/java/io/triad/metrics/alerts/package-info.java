/**
 * Shortage detection: alerting rules over the metrics store, evaluated on a schedule with Prometheus's states
 * (pending, firing, resolved), {@code for} durations and hysteresis, silences, and notifiers (the log journal through
 * the appliance, Alertmanager-compatible webhooks).
 *
 * <p>Central types: {@link io.triad.metrics.alerts.AlertRule} (what is bad and when it is good again), {@link
 * io.triad.metrics.alerts.ShortageRules} (the built-in rules), {@link io.triad.metrics.alerts.AlertEvaluator} (the
 * state machine), {@link io.triad.metrics.alerts.SilenceStore} (silences and maintenance windows in H2) and {@link
 * io.triad.metrics.alerts.AlertNotifier} (where state changes go).
 *
 * <p>The module's API here: every type but the webhook's JSON writer: the rules ({@link
 * io.triad.metrics.alerts.AlertRule}, {@link io.triad.metrics.alerts.Severity} and the built-in {@link
 * io.triad.metrics.alerts.ShortageRules}, {@link io.triad.metrics.alerts.LicenseRules}, {@link
 * io.triad.metrics.alerts.ReplicationRules}), the evaluator and the values it reports ({@link
 * io.triad.metrics.alerts.AlertEvaluator}, {@link io.triad.metrics.alerts.Alert}, {@link
 * io.triad.metrics.alerts.AlertState}, {@link io.triad.metrics.alerts.AlertChange}, {@link
 * io.triad.metrics.alerts.RuleStatus}), silences ({@link io.triad.metrics.alerts.Silence}, {@link
 * io.triad.metrics.alerts.SilenceStore}) and notifiers ({@link io.triad.metrics.alerts.AlertNotifier}, {@link
 * io.triad.metrics.alerts.WebhookNotifier}).
 */
@NullMarked
package io.triad.metrics.alerts;

import org.jspecify.annotations.NullMarked;
