package io.triad.appliance.config;

import java.util.ArrayList;
import java.util.List;

/** Shortage detection: alerting rules, silences and webhooks (docs/operations.md, "Alerts"). */
public final class AlertsSection {
    /** Whether rules are evaluated at all. */
    public boolean enabled = true;

    public int evaluationIntervalSeconds = 15;

    /** The window of the fill-time regressions (volumes, journal, index). */
    public int regressionWindowHours = 6;

    /** Silences that have not expired, at most. */
    public int maxSilences = 1000;

    /** How long expired silences are kept (and listed) before they are deleted. */
    public int keepExpiredSilencesHours = 168;

    /** Whether pending alerts (and those dropped before firing) are journaled too, not only firing/resolved. */
    public boolean journalPending;

    /** Overrides of built-in rules (by name: thresholds, forSeconds, enabled) and extra rules (with expr). */
    public List<RuleSection> rules = new ArrayList<>();

    /** Alertmanager-compatible webhook receivers. */
    public List<WebhookSection> webhooks = new ArrayList<>();

    /** The plain values; the rules and webhooks are checked by their translation ({@link ModuleConfigs}). */
    void check(Problems p) {
        p.positive("alerts.evaluationIntervalSeconds", evaluationIntervalSeconds);
        p.positive("alerts.regressionWindowHours", regressionWindowHours);
        p.positive("alerts.maxSilences", maxSilences);
        p.positive("alerts.keepExpiredSilencesHours", keepExpiredSilencesHours);
    }
}
