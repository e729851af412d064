package io.triad.metrics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.metrics.model.Labels;
import io.triad.metrics.query.QueryEngine;
import io.triad.metrics.query.QueryLimits;
import io.triad.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplicationRulesTest {
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final GaugeSource source = new GaugeSource(clock);

    private AlertEvaluator evaluator(List<AlertRule> rules) {
        return new AlertEvaluator(
                rules,
                new QueryEngine(source, QueryLimits.defaults()),
                clock,
                List::of,
                List.of(),
                new SimpleMeterRegistry());
    }

    private static Labels replication(String name) {
        return Labels.of("__name__", name, "site", "site-a", "peer", "site-b", "component", "appliance");
    }

    @Test
    void everyRuleIsAValidQueryAndQuietWithoutReplication() {
        AlertEvaluator ev = evaluator(ReplicationRules.all());
        ev.evaluate();
        Map<String, String> health = ev.rules().stream()
                .collect(Collectors.toMap(s -> s.rule().name(), s -> s.health() + " " + s.lastError()));
        assertThat(health)
                .containsOnlyKeys(
                        ReplicationRules.DISCONNECTED,
                        ReplicationRules.BEHIND,
                        ReplicationRules.UNACKED,
                        ReplicationRules.FALLBACK,
                        ReplicationRules.GAP)
                .allSatisfy((name, h) -> assertThat(h).as(name).isEqualTo("ok null"));
        assertThat(ev.alerts()).isEmpty();
        assertThat(ReplicationRules.all())
                .extracting(AlertRule::name)
                .doesNotContainAnyElementsOf(ShortageRules.all(Duration.ofHours(6), 0, 0).stream()
                        .map(AlertRule::name)
                        .toList());
    }

    @Test
    void aDisconnectedFarBehindAndFallenBackSiteFiresWithItsSeverities() {
        List<AlertRule> rules = ReplicationRules.all().stream()
                .map(r -> r.withFor(Duration.ZERO))
                .toList();
        source.set(replication("triad_replication_connected"), 0);
        source.set(replication("triad_replication_lag_records"), 2_000_000);
        source.set(replication("triad_replication_unacked_records"), 20);
        source.set(replication("triad_replication_ack_fallback"), 1);
        AlertEvaluator ev = evaluator(rules);
        ev.evaluate();
        assertThat(ev.alerts())
                .extracting(a -> a.name() + "/" + a.severity().id())
                .containsExactlyInAnyOrder(
                        "ReplicationDisconnected/warning",
                        "ReplicationBehind/critical",
                        "ReplicationAckFallback/warning");
        assertThat(ev.alerts().stream()
                        .filter(a -> a.name().equals(ReplicationRules.DISCONNECTED))
                        .findFirst()
                        .orElseThrow()
                        .annotations()
                        .get("summary"))
                .isEqualTo("Site site-a does not pull the logs of site-b");
    }
}
