package io.triad.appliance;

import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import io.triad.metrics.alerts.Alert;
import io.triad.metrics.alerts.AlertChange;
import io.triad.metrics.alerts.AlertNotifier;
import io.triad.metrics.alerts.AlertState;
import io.triad.metrics.alerts.Severity;
import io.triad.metrics.query.PromJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the alert changes into the log journal as an event of component {@code appliance}, input {@code alerts},
 * app {@code triad-alerts}, so alerts are searchable like any log ({@code fields.alertname:VolumeFillingUp AND
 * fields.state:firing}). Fields: every alert label ({@code alertname}, {@code severity}, {@code site}, {@code host}, ...),
 * {@code state}, {@code previous_state}, {@code value}, {@code summary}, {@code fingerprint}, {@code silenced}. The
 * syslog severity is 2 (critical) for a firing critical alert, 4 (warning) for a firing warning, 5 (notice) for a
 * resolution and 6 (informational) for pending and dropped alerts.
 *
 * <p>Journaled: firing (and a firing alert's new severity, or its notification once a silence ended) and resolved;
 * pending alerts and those dropped before they fired only with {@code journalPending} ({@code
 * alerts.journalPending}), since a busy host makes many short-lived pending alerts.
 *
 * <p>NOTE: never blocks the evaluator: the journal's future is not awaited; a refused write is logged.
 */
final class AlertLog implements AlertNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);

    private final EventSink sink;
    private final String site;
    private final String host;
    private final Clock clock;
    private final boolean journalPending;

    AlertLog(EventSink sink, String site, String host, Clock clock, boolean journalPending) {
        this.sink = sink;
        this.site = site;
        this.host = host;
        this.clock = clock;
        this.journalPending = journalPending;
    }

    @Override
    public void notify(List<AlertChange> changes) {
        List<LogEvent> events = new ArrayList<>(changes.size());
        long now = clock.millis() * 1000;
        for (AlertChange c : changes) {
            AlertState s = c.alert().state();
            if (journalPending || s == AlertState.FIRING || s == AlertState.RESOLVED) {
                events.add(event(c, now));
            }
        }
        if (events.isEmpty()) {
            return;
        }
        sink.submit(events).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("{} alert events could not be journaled: {}", events.size(), e.toString());
            }
        });
    }

    LogEvent event(AlertChange c, long nowMicros) {
        Alert a = c.alert();
        String state = a.state().id();
        String alertHost = a.labels().get("host");
        LogEvent.Builder b = LogEvent.builder()
                .timestamp(nowMicros)
                .received(nowMicros)
                .site(site)
                .input("alerts")
                .host(alertHost == null ? host : alertHost)
                .component("appliance")
                .layer("platform")
                .severity(syslogSeverity(a))
                .app("triad-alerts")
                .msgId("ALERT_" + state.toUpperCase(Locale.ROOT))
                .message(message(c));
        for (Map.Entry<String, String> e : a.labels().asMap().entrySet()) {
            b.field(e.getKey(), e.getValue());
        }
        b.field("state", state)
                .field("previous_state", c.previous().id())
                .field("value", PromJson.formatValue(a.value()))
                .field("summary", a.annotations().getOrDefault("summary", ""))
                .field("fingerprint", a.fingerprint())
                .field("silenced", Boolean.toString(a.silenced()));
        if (c.previousSeverity() != a.severity()) {
            b.field("previous_severity", c.previousSeverity().id());
        }
        return b.build();
    }

    private static int syslogSeverity(Alert a) {
        return switch (a.state()) {
            case FIRING -> a.severity() == Severity.CRITICAL ? 2 : 4;
            case RESOLVED -> 5;
            default -> 6;
        };
    }

    private static String message(AlertChange c) {
        Alert a = c.alert();
        String what = a.state() == AlertState.FIRING && c.previous() == AlertState.FIRING
                ? (c.previousSeverity() != a.severity() ? "now " + a.severity().id() : "notified")
                : a.state().id();
        return "[" + a.severity().id().toUpperCase(Locale.ROOT) + "] " + a.name() + " " + what + ": "
                + a.annotations().getOrDefault("summary", "");
    }
}
