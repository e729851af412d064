package io.triad.appliance;

import io.triad.appliance.config.AlertsSection;
import io.triad.appliance.config.ModuleConfigs;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.config.WebhookSection;
import io.triad.collector.journal.Journal;
import io.triad.metrics.SelfMetrics;
import io.triad.metrics.alerts.AlertEvaluator;
import io.triad.metrics.alerts.AlertNotifier;
import io.triad.metrics.alerts.SilenceStore;
import io.triad.metrics.alerts.WebhookNotifier;
import io.triad.metrics.query.QueryEngine;
import io.triad.web.api.AlertsResource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shortage detection: the rules of {@code alerts} evaluated over the metrics store, silences in {@code
 * <data>/metrics/alerts.mv.db}, every change journaled as a log event ({@link AlertLog}), and the webhooks.
 */
final class Alerting {
    private Alerting() {}

    /** Starts the evaluation (when {@code alerts.enabled}); every part is recorded in {@code started}. */
    static AlertsResource start(
            TriadConfig config,
            Path data,
            StartedComponents started,
            QueryEngine engine,
            Journal journal,
            SelfMetrics metrics,
            Clock clock)
            throws IOException {
        AlertsSection a = config.alerts;
        SilenceStore silences = started.push(SilenceStore.open(
                data.resolve("metrics"), clock, a.maxSilences, Duration.ofHours(a.keepExpiredSilencesHours)));
        List<AlertNotifier> notifiers = new ArrayList<>();
        notifiers.add(new AlertLog(journal, config.site.id(), Appliance.hostName(), clock, a.journalPending));
        for (WebhookSection w : a.webhooks) {
            notifiers.add(started.push(new WebhookNotifier(ModuleConfigs.webhook(w, ""), metrics.registry())));
        }
        Duration interval = Duration.ofSeconds(a.evaluationIntervalSeconds);
        AlertEvaluator evaluator = started.push(new AlertEvaluator(
                a.enabled ? ModuleConfigs.alertRules(config) : List.of(),
                engine,
                clock,
                silences::silences,
                notifiers,
                metrics.registry()));
        if (a.enabled) {
            evaluator.start(interval);
        }
        return new AlertsResource(evaluator, silences, clock, interval);
    }
}
