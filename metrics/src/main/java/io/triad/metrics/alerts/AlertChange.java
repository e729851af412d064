package io.triad.metrics.alerts;

/**
 * One change of an alert at one evaluation: a new state, a new severity while firing, or (with {@link #announce()}) a
 * firing alert whose silence ended.
 *
 * @param alert the alert after the change
 * @param previous its state before ({@link AlertState#INACTIVE} for a new alert)
 * @param previousSeverity its severity before (the same when only the state changed)
 * @param announce whether receivers in Alertmanager's sense (webhooks) are due a notification: a firing alert that
 *     is not silenced and was not announced with this severity yet, or the resolution of one that was announced
 */
public record AlertChange(Alert alert, AlertState previous, Severity previousSeverity, boolean announce) {}
