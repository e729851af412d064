package io.triad.metrics.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.metrics.alerts.AlertRule.Comparison;
import io.triad.metrics.alerts.AlertRule.Threshold;
import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.query.QueryEngine;
import io.triad.metrics.query.QueryLimits;
import io.triad.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
    private static final Labels DISK = Labels.of("__name__", "used_percent", "site", "site-a", "host", "h1");

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final GaugeSource source = new GaugeSource(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Silence> silences = new ArrayList<>();
    private final List<List<AlertChange>> notified = new ArrayList<>();

    /** Used percent: warning above 80 until back to 70 or less, critical above 90 until back to 85. */
    private static final AlertRule USED = AlertRule.of(
            "DiskUsed",
            "used_percent",
            Comparison.ABOVE,
            Duration.ofMinutes(1),
            "{{ $labels.host }} is {{ $value }} % full",
            "see {{ $labels.nothing }}",
            new Threshold(Severity.WARNING, 80, 70),
            new Threshold(Severity.CRITICAL, 90, 85));

    private AlertEvaluator evaluator(AlertRule... rules) {
        return new AlertEvaluator(
                List.of(rules),
                new QueryEngine(source, QueryLimits.defaults()),
                clock,
                () -> List.copyOf(silences),
                List.of(notified::add),
                registry);
    }

    /** Sets the value, advances the clock and evaluates one round. */
    private List<AlertChange> at(AlertEvaluator ev, Duration after, double value) {
        clock.advance(after);
        source.set(DISK, value);
        return ev.evaluate();
    }

    private static String describe(List<AlertChange> changes) {
        StringBuilder b = new StringBuilder();
        for (AlertChange c : changes) {
            b.append(c.previous().id())
                    .append("->")
                    .append(c.alert().state().id())
                    .append('/')
                    .append(c.alert().severity().id())
                    .append(c.announce() ? "!" : "")
                    .append(' ');
        }
        return b.toString().trim();
    }

    @Test
    void alertIsPendingForItsForDurationThenFires() {
        AlertEvaluator ev = evaluator(USED);
        assertThat(at(ev, Duration.ZERO, 50)).isEmpty();
        assertThat(describe(at(ev, Duration.ofSeconds(15), 82))).isEqualTo("inactive->pending/warning");
        assertThat(ev.alerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
            assertThat(a.activeAt()).isEqualTo(clock.instant());
        });
        assertThat(at(ev, Duration.ofSeconds(30), 83)).isEmpty();
        List<AlertChange> fired = at(ev, Duration.ofSeconds(30), 84);
        assertThat(describe(fired)).isEqualTo("pending->firing/warning!");
        Alert a = fired.get(0).alert();
        assertThat(a.labels().asMap())
                .containsEntry("alertname", "DiskUsed")
                .containsEntry("severity", "warning")
                .containsEntry("host", "h1")
                .doesNotContainKey("__name__");
        assertThat(a.annotations()).containsEntry("summary", "h1 is 84 % full").containsEntry("description", "see ");
        assertThat(a.firedAt()).isEqualTo(clock.instant());
        assertThat(a.value()).isEqualTo(84);
        assertThat(notified).hasSize(2);
        assertThat(registry.get("triad.alerts.active")
                        .tags("state", "firing", "severity", "warning")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("triad.alerts.evaluations").counter().count()).isEqualTo(4);
    }

    @Test
    void firingAlertResolvesOnlyOnceTheValueIsBackPastTheClearLevel() {
        AlertEvaluator ev = evaluator(USED);
        at(ev, Duration.ZERO, 85);
        assertThat(describe(at(ev, Duration.ofMinutes(1), 85))).isEqualTo("pending->firing/warning!");
        // below the trigger, above the clear level: a tiny dip does not resolve it
        assertThat(at(ev, Duration.ofSeconds(15), 79)).isEmpty();
        assertThat(at(ev, Duration.ofSeconds(15), 71)).isEmpty();
        assertThat(ev.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
        List<AlertChange> resolved = at(ev, Duration.ofSeconds(15), 70);
        assertThat(describe(resolved)).isEqualTo("firing->resolved/warning!");
        assertThat(resolved.get(0).alert().resolvedAt()).isEqualTo(clock.instant());
        assertThat(ev.alerts()).isEmpty();
        // a new breach starts a new pending period
        assertThat(describe(at(ev, Duration.ofSeconds(15), 81))).isEqualTo("inactive->pending/warning");
    }

    @Test
    void pendingAlertWhoseValueClearsIsDroppedWithoutNotice() {
        AlertEvaluator ev = evaluator(USED);
        at(ev, Duration.ZERO, 81);
        assertThat(describe(at(ev, Duration.ofSeconds(30), 60))).isEqualTo("pending->inactive/warning");
        assertThat(ev.alerts()).isEmpty();
        assertThat(at(ev, Duration.ofMinutes(5), 60)).isEmpty();
    }

    @Test
    void severityEscalatesAndFallsBackWithHysteresisPerThreshold() {
        AlertEvaluator ev = evaluator(USED);
        at(ev, Duration.ZERO, 85);
        at(ev, Duration.ofMinutes(1), 85);
        assertThat(describe(at(ev, Duration.ofSeconds(15), 95))).isEqualTo("firing->firing/critical!");
        String fingerprint = ev.alerts().get(0).fingerprint();
        assertThat(at(ev, Duration.ofSeconds(15), 88)).isEmpty();
        assertThat(ev.alerts().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(describe(at(ev, Duration.ofSeconds(15), 85))).isEqualTo("firing->firing/warning!");
        assertThat(ev.alerts().get(0).fingerprint()).isEqualTo(fingerprint);
        assertThat(ev.alerts().get(0).activeAt()).isEqualTo(clock.instant().minusSeconds(105));
    }

    @Test
    void alertResolvesWhenItsSeriesIsGone() {
        AlertEvaluator ev = evaluator(USED);
        at(ev, Duration.ZERO, 99);
        at(ev, Duration.ofMinutes(1), 99);
        clock.advance(Duration.ofSeconds(15));
        source.remove(DISK);
        List<AlertChange> changes = ev.evaluate();
        assertThat(describe(changes)).isEqualTo("firing->resolved/critical!");
        assertThat(changes.get(0).alert().value()).isNaN();
    }

    @Test
    void forOfZeroFiresAtTheFirstEvaluation() {
        AlertEvaluator ev = evaluator(USED.withFor(Duration.ZERO));
        assertThat(describe(at(ev, Duration.ZERO, 91))).isEqualTo("inactive->firing/critical!");
    }

    @Test
    void silencedAlertFiresButIsAnnouncedOnlyWhenTheSilenceEnds() {
        Instant now = clock.instant();
        silences.add(new Silence(
                7,
                List.of(LabelMatcher.eq("alertname", "DiskUsed"), LabelMatcher.of("host", LabelMatcher.Type.RE, "h.")),
                now,
                now.plus(Duration.ofMinutes(5)),
                "ops",
                "maintenance",
                now));
        AlertEvaluator ev = evaluator(USED);
        at(ev, Duration.ZERO, 85);
        List<AlertChange> fired = at(ev, Duration.ofMinutes(1), 85);
        assertThat(describe(fired)).isEqualTo("pending->firing/warning");
        assertThat(fired.get(0).alert().silencedBy()).containsExactly(7L);
        assertThat(at(ev, Duration.ofMinutes(1), 85)).isEmpty();
        List<AlertChange> after = at(ev, Duration.ofMinutes(4), 85);
        assertThat(describe(after)).isEqualTo("firing->firing/warning!");
        assertThat(after.get(0).alert().silenced()).isFalse();
    }

    @Test
    void silencedAlertThatResolvesIsNotAnnounced() {
        Instant now = clock.instant();
        silences.add(
                new Silence(1, List.of(LabelMatcher.eq("host", "h1")), now, now.plusSeconds(3600), "ops", "", now));
        AlertEvaluator ev = evaluator(USED);
        at(ev, Duration.ZERO, 85);
        at(ev, Duration.ofMinutes(1), 85);
        assertThat(describe(at(ev, Duration.ofMinutes(1), 10))).isEqualTo("firing->resolved/warning");
    }

    @Test
    void aFailingRuleReportsItsErrorAndTheOthersStillRun() {
        AlertRule broken = AlertRule.of(
                "Broken",
                "rate(used_percent)",
                Comparison.ABOVE,
                Duration.ZERO,
                "",
                "",
                USED.thresholds().get(0));
        AlertEvaluator ev = evaluator(broken, USED.withFor(Duration.ZERO));
        assertThat(describe(at(ev, Duration.ZERO, 85))).isEqualTo("inactive->firing/warning!");
        assertThat(ev.rules()).hasSize(2);
        RuleStatus s = ev.rules().get(0);
        assertThat(s.health()).isEqualTo("err");
        assertThat(s.lastError()).contains("rate");
        assertThat(ev.rules().get(1).health()).isEqualTo("ok");
        assertThat(ev.rules().get(1).alerts()).hasSize(1);
        assertThat(registry.get("triad.alerts.rule.errors")
                        .tag("rule", "Broken")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void alertsListFiringCriticalFirst() {
        Labels other = Labels.of("__name__", "used_percent", "site", "site-a", "host", "h2");
        AlertEvaluator ev = evaluator(USED);
        source.set(other, 81);
        at(ev, Duration.ZERO, 81);
        source.set(other, 95);
        at(ev, Duration.ofMinutes(1), 81);
        source.set(Labels.of("__name__", "used_percent", "site", "site-a", "host", "h3"), 99);
        at(ev, Duration.ofSeconds(15), 81);
        assertThat(ev.alerts())
                .extracting(a -> a.labels().get("host") + "/" + a.state().id() + "/"
                        + a.severity().id())
                .containsExactly("h2/firing/critical", "h1/firing/warning", "h3/pending/critical");
    }

    @Test
    void rulesCheckTheirThresholdsAndNames() {
        assertThatThrownBy(() -> AlertRule.of(
                        "X", "up", Comparison.BELOW, Duration.ZERO, "", "", new Threshold(Severity.WARNING, 24, 12)))
                .hasMessageContaining("clear level (12.0) must be >= its trigger (24.0)");
        assertThatThrownBy(() -> AlertRule.of("bad name", "up", Comparison.BELOW, Duration.ZERO, "", ""))
                .hasMessageContaining("must match");
        assertThatThrownBy(() -> evaluator(USED, USED)).hasMessageContaining("two alert rules are named DiskUsed");
        assertThat(AlertRule.formatValue(3.14159)).isEqualTo("3.14");
        assertThat(AlertRule.formatValue(2.0e9)).isEqualTo("2.00e+09");
        assertThat(AlertRule.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    }

    @Test
    void startedEvaluatorRunsRoundsOnItsOwn() throws InterruptedException {
        source.set(DISK, 95);
        try (AlertEvaluator ev = evaluator(USED.withFor(Duration.ZERO))) {
            ev.start(Duration.ofMillis(20));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ev.alerts().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(ev.alerts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
            assertThatThrownBy(() -> ev.start(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        }
    }
}
