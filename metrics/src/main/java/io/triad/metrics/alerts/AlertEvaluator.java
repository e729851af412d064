package io.triad.metrics.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.triad.metrics.model.Labels;
import io.triad.metrics.query.PromQlException;
import io.triad.metrics.query.QueryEngine;
import io.triad.metrics.query.QueryResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alerting rules against the metrics store, by default every 15 s, and keeps each alert's state as
 * Prometheus does: a sample past a trigger makes a pending alert; when it has stayed bad for the rule's {@code for},
 * the alert fires; when its value is back past the clear level (or its series is gone) it resolves; a pending alert
 * whose value clears is dropped ({@link AlertState#INACTIVE}). Hysteresis: once past a trigger, a sample stays bad
 * until it is back past that threshold's clear level, so a value hovering at the trigger does not flap, and the
 * {@code for} runs on that debounced condition. The severity follows the most severe threshold that is bad, and
 * changes without resetting the alert (warning escalates to critical and back).
 *
 * <p>The changes of each round go to every {@link AlertNotifier}. Silences ({@link SilenceStore}) mute alerts for
 * notifiers that honour {@link AlertChange#announce()}; the state machine runs the same.
 *
 * <p>NOTE: thread safe: rounds are serialised; {@link #alerts()} and {@link #rules()} read the snapshot of the last
 * round. {@link #start(Duration)} schedules rounds on a daemon thread that {@link #close()} stops. Meters: {@code
 * triad.alerts.evaluations}, {@code triad.alerts.evaluation} (timer), {@code triad.alerts.rule.errors} (by rule),
 * {@code triad.alerts.active} (by state and severity), {@code triad.alerts.notifier.errors}.
 */
public final class AlertEvaluator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final List<AlertRule> rules;
    private final QueryEngine engine;
    private final Clock clock;
    private final Supplier<List<Silence>> silences;
    private final List<AlertNotifier> notifiers;
    private final MeterRegistry registry;
    private final Counter evaluations;
    private final Timer evaluationTimer;
    private final Counter notifierErrors;
    private final Map<String, Counter> ruleErrors = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> activeCounts = new LinkedHashMap<>();
    private final Map<String, Map<Labels, Instance>> instances = new LinkedHashMap<>();
    private final Map<String, RuleStatus> statuses = new LinkedHashMap<>();
    private volatile List<Alert> active = List.of();
    private volatile List<RuleStatus> ruleStatuses;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable ScheduledFuture<?> schedule;

    /** The mutable state of one alert, guarded by the evaluator. */
    private static final class Instance {
        final boolean[] bad = new boolean[Severity.values().length];
        AlertState state = AlertState.INACTIVE;
        Severity severity = Severity.WARNING;
        Instant activeAt = Instant.EPOCH;

        @Nullable
        Instant firedAt;

        @Nullable
        Severity announced;

        @Nullable
        Alert alert;
    }

    /**
     * An evaluator of {@code rules}.
     *
     * @param silences the silences now (a {@link SilenceStore}'s {@code silences()}), read at every round
     * @param notifiers where the changes of each round go
     * @throws IllegalArgumentException when two rules have the same name
     */
    public AlertEvaluator(
            List<AlertRule> rules,
            QueryEngine engine,
            Clock clock,
            Supplier<List<Silence>> silences,
            List<AlertNotifier> notifiers,
            MeterRegistry registry) {
        Set<String> names = new HashSet<>();
        for (AlertRule r : rules) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("two alert rules are named " + r.name());
            }
        }
        this.rules = List.copyOf(rules);
        this.engine = engine;
        this.clock = clock;
        this.silences = silences;
        this.notifiers = List.copyOf(notifiers);
        this.registry = registry;
        this.evaluations = Counter.builder("triad.alerts.evaluations")
                .description("Evaluation rounds of the alerting rules")
                .register(registry);
        this.evaluationTimer = Timer.builder("triad.alerts.evaluation")
                .description("Time one evaluation round of every alerting rule took")
                .register(registry);
        this.notifierErrors = Counter.builder("triad.alerts.notifier.errors")
                .description("Alert notifiers that threw while taking the changes of a round")
                .register(registry);
        for (AlertState s : List.of(AlertState.PENDING, AlertState.FIRING)) {
            for (Severity v : Severity.values()) {
                AtomicInteger n = new AtomicInteger();
                activeCounts.put(s.id() + "/" + v.id(), n);
                Gauge.builder("triad.alerts.active", n, AtomicInteger::get)
                        .description("Alerts pending or firing, by state and severity")
                        .tag("state", s.id())
                        .tag("severity", v.id())
                        .register(registry);
            }
        }
        for (AlertRule r : this.rules) {
            instances.put(r.name(), new LinkedHashMap<>());
            statuses.put(r.name(), new RuleStatus(r, "unknown", null, null, Duration.ZERO, List.of()));
        }
        this.ruleStatuses = List.copyOf(statuses.values());
    }

    /**
     * Evaluates every {@code interval} (the first round after one interval).
     *
     * @throws IllegalStateException when already started
     */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("the alert evaluator is already started");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the evaluation interval must be > 0; got " + interval);
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triad-alerts");
            t.setDaemon(true);
            return t;
        });
        scheduler = s;
        schedule = s.scheduleAtFixedRate(
                this::evaluateQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // NOTE: an exception would cancel the schedule; the next round tries again
            LOG.error("alert evaluation round failed", e);
        }
    }

    /** The rules, in their order. */
    public List<AlertRule> ruleList() {
        return rules;
    }

    /** Pending and firing alerts after the last round: firing first, then critical first, then the oldest. */
    public List<Alert> alerts() {
        return active;
    }

    /** Every rule with the outcome of its last evaluation. */
    public List<RuleStatus> rules() {
        return ruleStatuses;
    }

    /**
     * One round: evaluates every rule at the clock's time, updates the alerts and hands the changes to the notifiers.
     * A rule whose query fails keeps its alerts as they were and reports the error in {@link #rules()}.
     *
     * @return the changes of this round
     */
    public synchronized List<AlertChange> evaluate() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Silence> silenceList = silences.get();
        List<AlertChange> changes = new ArrayList<>();
        for (AlertRule rule : rules) {
            long t0 = System.nanoTime();
            String error = null;
            try {
                changes.addAll(evaluate(rule, now, silenceList));
            } catch (PromQlException | IOException | IllegalArgumentException e) {
                error = String.valueOf(e.getMessage());
                ruleErrors
                        .computeIfAbsent(
                                rule.name(),
                                n -> Counter.builder("triad.alerts.rule.errors")
                                        .description("Evaluations of an alerting rule that failed")
                                        .tag("rule", n)
                                        .register(registry))
                        .increment();
                LOG.warn("alert rule {} failed: {}", rule.name(), error);
            }
            List<Alert> ruleAlerts = new ArrayList<>();
            for (Instance i : known(rule).values()) {
                if (i.alert != null) {
                    ruleAlerts.add(i.alert);
                }
            }
            ruleAlerts.sort(ORDER);
            statuses.put(
                    rule.name(),
                    new RuleStatus(
                            rule,
                            error == null ? "ok" : "err",
                            error,
                            now,
                            Duration.ofNanos(System.nanoTime() - t0),
                            ruleAlerts));
        }
        publish();
        evaluations.increment();
        evaluationTimer.record(Duration.ofNanos(System.nanoTime() - started));
        if (!changes.isEmpty()) {
            List<AlertChange> out = List.copyOf(changes);
            for (AlertNotifier n : notifiers) {
                try {
                    n.notify(out);
                } catch (RuntimeException e) {
                    notifierErrors.increment();
                    LOG.warn("alert notifier {} failed: {}", n.getClass().getSimpleName(), e.toString());
                }
            }
        }
        return List.copyOf(changes);
    }

    private static final Comparator<Alert> ORDER = Comparator.comparing(
                    (Alert a) -> a.state() == AlertState.FIRING ? 0 : 1)
            .thenComparing(a -> -a.severity().ordinal())
            .thenComparing(Alert::activeAt)
            .thenComparing(Alert::labels);

    private void publish() {
        List<Alert> all = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Map<Labels, Instance> m : instances.values()) {
            for (Instance i : m.values()) {
                if (i.alert != null) {
                    all.add(i.alert);
                    counts.merge(i.state.id() + "/" + i.severity.id(), 1, Integer::sum);
                }
            }
        }
        all.sort(ORDER);
        active = List.copyOf(all);
        activeCounts.forEach((k, n) -> n.set(counts.getOrDefault(k, 0)));
        ruleStatuses = List.copyOf(statuses.values());
    }

    private List<AlertChange> evaluate(AlertRule rule, Instant now, List<Silence> silenceList) throws IOException {
        Map<Labels, Double> values = values(rule, now.toEpochMilli());
        Map<Labels, Instance> known = known(rule);
        Set<Labels> series = new LinkedHashSet<>(known.keySet());
        series.addAll(values.keySet());
        List<AlertChange> changes = new ArrayList<>();
        for (Labels l : series) {
            double v = values.getOrDefault(l, Double.NaN);
            Instance inst = known.get(l);
            boolean[] bad = inst == null ? new boolean[Severity.values().length] : inst.bad.clone();
            Severity severity = null;
            for (AlertRule.Threshold t : rule.thresholds()) {
                int k = t.severity().ordinal();
                bad[k] = bad[k] ? !rule.clears(t, v) : rule.triggers(t, v);
                if (bad[k]) {
                    severity = t.severity();
                }
            }
            if (severity == null) {
                if (inst != null) {
                    known.remove(l);
                    AlertState end = inst.state == AlertState.FIRING ? AlertState.RESOLVED : AlertState.INACTIVE;
                    Alert a = snapshot(rule, l, inst, end, inst.severity, v, now, List.of());
                    changes.add(new AlertChange(a, inst.state, inst.severity, inst.announced != null));
                }
                continue;
            }
            boolean fresh = inst == null;
            if (inst == null) {
                inst = new Instance();
                inst.activeAt = now;
                inst.severity = severity;
                known.put(l, inst);
            }
            System.arraycopy(bad, 0, inst.bad, 0, bad.length);
            AlertState previous = inst.state;
            Severity previousSeverity = inst.severity;
            inst.severity = severity;
            if (inst.state == AlertState.INACTIVE) {
                inst.state = AlertState.PENDING;
            }
            if (inst.state == AlertState.PENDING
                    && Duration.between(inst.activeAt, now).compareTo(rule.forDuration()) >= 0) {
                inst.state = AlertState.FIRING;
                inst.firedAt = now;
            }
            Labels alertLabels = alertLabels(rule, l, severity);
            List<Long> silencedBy = new ArrayList<>();
            for (Silence s : silenceList) {
                if (s.mutes(alertLabels, now)) {
                    silencedBy.add(s.id());
                }
            }
            boolean announce = inst.state == AlertState.FIRING && silencedBy.isEmpty() && inst.announced != severity;
            if (announce) {
                inst.announced = severity;
            }
            Alert a = snapshot(rule, l, inst, inst.state, severity, v, now, silencedBy);
            inst.alert = a;
            boolean severityChanged = inst.state == AlertState.FIRING && previousSeverity != severity;
            if (fresh || previous != inst.state || severityChanged || announce) {
                changes.add(new AlertChange(a, previous, previousSeverity, announce));
            }
        }
        return changes;
    }

    private Map<Labels, Instance> known(AlertRule rule) {
        return instances.computeIfAbsent(rule.name(), n -> new LinkedHashMap<>());
    }

    private static Alert snapshot(
            AlertRule rule,
            Labels series,
            Instance inst,
            AlertState state,
            Severity severity,
            double value,
            Instant now,
            List<Long> silencedBy) {
        Labels labels = alertLabels(rule, series, severity);
        boolean ended = state == AlertState.RESOLVED || state == AlertState.INACTIVE;
        return new Alert(
                labels,
                rule.annotations(labels.asMap(), value),
                state,
                severity,
                inst.activeAt,
                inst.firedAt,
                ended ? now : null,
                value,
                silencedBy);
    }

    private static Labels alertLabels(AlertRule rule, Labels series, Severity severity) {
        Map<String, String> m = new TreeMap<>(series.asMap());
        m.putAll(rule.labels());
        m.put("alertname", rule.name());
        m.put("severity", severity.id());
        return Labels.of(m);
    }

    /** The rule's samples without metric names; a scalar is one sample without labels. */
    private Map<Labels, Double> values(AlertRule rule, long timeMillis) throws IOException {
        QueryResult r = engine.instantQuery(rule.expr(), timeMillis);
        Map<Labels, Double> out = new LinkedHashMap<>();
        switch (r) {
            case QueryResult.Vector v -> {
                for (QueryResult.Sample s : v.samples()) {
                    if (out.put(s.labels().withoutName(), s.value()) != null) {
                        throw new IllegalArgumentException("the result has two samples with the labels "
                                + s.labels().withoutName() + " once the metric name is dropped");
                    }
                }
            }
            case QueryResult.Scalar s -> out.put(Labels.of(), s.value());
            default ->
                throw new IllegalArgumentException("an alerting rule's expression must give an instant vector "
                        + "or a scalar; got a " + r.resultType());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        ScheduledFuture<?> f = schedule;
        if (f != null) {
            f.cancel(false);
        }
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }
}
