package io.triad.metrics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.metrics.model.Labels;
import io.triad.metrics.query.QueryEngine;
import io.triad.metrics.query.QueryLimits;
import io.triad.metrics.store.SeriesStore;
import io.triad.metrics.store.StoreConfig;
import io.triad.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code VolumeFillingUp} rule over a real store fed with a simulated volume: filling slowly, then fast
 * (warning, then critical as the fill time drops), then slowly again (the fill time recovers through the hysteresis
 * bands: critical until 6 h, warning until 36 h).
 */
class DiskFillRuleTest {
    private static final double GB = 1e9;
    private static final Labels AVAIL = Labels.of(
            "__name__", "node_filesystem_avail_bytes",
            "site", "site-a",
            "host", "eap-1",
            "component", "os",
            "mountpoint", "/data",
            "device", "/dev/sdb1",
            "fstype", "ext4");

    @TempDir
    Path dir;

    /** One evaluation: hours since the start, the rule's value, the alert's state and severity after it. */
    private record Round(double hour, double value, String state) {}

    @Test
    void diskFillRuleFiresOnAFillingVolumeAndClearsWithHysteresis() throws Exception {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        long start = clock.millis();
        AlertRule rule = ShortageRules.all(Duration.ofHours(6), 0, 0).stream()
                .filter(r -> r.name().equals(ShortageRules.VOLUME_FILLING_UP))
                .findFirst()
                .orElseThrow();
        List<Round> rounds = new ArrayList<>();
        try (SeriesStore store = SeriesStore.open(dir.resolve("metrics"), StoreConfig.defaults(), clock)) {
            AlertEvaluator ev = new AlertEvaluator(
                    List.of(rule),
                    new QueryEngine(store, QueryLimits.defaults()),
                    clock,
                    List::of,
                    List.of(),
                    new SimpleMeterRegistry());
            double avail = 600 * GB;
            // one sample a minute for 36 h; an evaluation every 5 minutes
            for (int minute = 1; minute <= 36 * 60; minute++) {
                double hour = minute / 60.0;
                // GB per hour written: 1 for 6 h, 30 until hour 23, then 1 again
                double rate = hour <= 6 || hour > 23 ? 1 : 30;
                avail -= rate * GB / 60;
                clock.advance(Duration.ofMinutes(1));
                store.append(AVAIL, clock.millis(), avail);
                if (minute % 5 == 0) {
                    ev.evaluate();
                    List<Alert> alerts = ev.alerts();
                    String state = alerts.isEmpty()
                            ? "none"
                            : alerts.get(0).state().id() + "/"
                                    + alerts.get(0).severity().id();
                    double value = ev.rules().get(0).health().equals("ok") && !alerts.isEmpty()
                            ? alerts.get(0).value()
                            : Double.NaN;
                    rounds.add(new Round((clock.millis() - start) / 3_600_000.0, value, state));
                    assertThat(ev.rules().get(0).health())
                            .as(ev.rules().get(0).lastError())
                            .isEqualTo("ok");
                }
            }
        }
        // slow filling: 600 GB at 1 GB/h is hundreds of hours away
        assertThat(rounds.stream().filter(r -> r.hour() <= 6))
                .allMatch(r -> r.state().equals("none"));
        Round firstWarning = first(rounds, "firing/warning");
        Round firstCritical = first(rounds, "firing/critical");
        assertThat(firstWarning.hour()).isBetween(6.0, 12.0);
        assertThat(firstCritical.hour()).isGreaterThan(firstWarning.hour());
        // at 30 GB/h the critical level (< 4 h = 120 GB) is reached after hour 21
        assertThat(firstCritical.hour()).isBetween(21.0, 23.0);
        assertThat(firstCritical.value()).isLessThan(4);

        // after the rate drops the fill time recovers: between the critical trigger and its clear level it stays
        // critical, between the warning trigger and its clear level it stays warning (firing), then it resolves
        List<Round> recovery = rounds.stream().filter(r -> r.hour() > 23).toList();
        List<Round> criticalBand =
                recovery.stream().filter(r -> r.value() >= 4 && r.value() < 6).toList();
        assertThat(criticalBand).isNotEmpty().allMatch(r -> r.state().equals("firing/critical"));
        List<Round> warningBand =
                recovery.stream().filter(r -> r.value() >= 24 && r.value() < 36).toList();
        assertThat(warningBand).isNotEmpty().allMatch(r -> r.state().equals("firing/warning"));
        Round resolved = recovery.stream()
                .filter(r -> r.state().equals("none"))
                .findFirst()
                .orElseThrow();
        Round before = recovery.get(recovery.indexOf(resolved) - 1);
        assertThat(before.state()).isEqualTo("firing/warning");
        assertThat(recovery.subList(recovery.indexOf(resolved), recovery.size()))
                .allMatch(r -> r.state().equals("none"));
        // it went critical -> warning only once the value was back past 6 h
        Round firstWarningAgain = recovery.stream()
                .filter(r -> r.state().equals("firing/warning"))
                .findFirst()
                .orElseThrow();
        assertThat(firstWarningAgain.value()).isGreaterThanOrEqualTo(6);
    }

    private static Round first(List<Round> rounds, String state) {
        return rounds.stream()
                .filter(r -> r.state().equals(state))
                .findFirst()
                .orElseThrow(() -> new AssertionError("never " + state + ": " + rounds));
    }
}
