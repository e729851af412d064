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

class ShortageRulesTest {
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

    private static Labels host(String name) {
        return Labels.of("__name__", name, "site", "site-a", "host", "eap-1", "component", "os");
    }

    @Test
    void everyBuiltInRuleIsAValidQuery() {
        List<AlertRule> rules = ShortageRules.all(Duration.ofHours(6), 20L << 30, 100L << 30);
        assertThat(rules)
                .extracting(AlertRule::name)
                .contains(
                        ShortageRules.VOLUME_FILLING_UP,
                        ShortageRules.JOURNAL_FILLING_UP,
                        ShortageRules.INDEX_FILLING_UP,
                        ShortageRules.MEMORY_LOW,
                        ShortageRules.CPU_OVERLOADED,
                        ShortageRules.CPU_STEAL_HIGH,
                        ShortageRules.HEAP_AFTER_GC_HIGH,
                        ShortageRules.FILE_DESCRIPTORS_LOW,
                        ShortageRules.BACK_PRESSURE_ACTIVE,
                        ShortageRules.REPLICATION_LAGGING,
                        ShortageRules.TARGET_DOWN);
        AlertEvaluator ev = evaluator(rules);
        ev.evaluate();
        Map<String, String> health = ev.rules().stream()
                .collect(Collectors.toMap(s -> s.rule().name(), s -> s.health() + " " + s.lastError()));
        assertThat(health).allSatisfy((name, h) -> assertThat(h).as(name).isEqualTo("ok null"));
        assertThat(ShortageRules.all(Duration.ofHours(6), 0, 0))
                .extracting(AlertRule::name)
                .doesNotContain(ShortageRules.JOURNAL_FILLING_UP, ShortageRules.INDEX_FILLING_UP);
    }

    @Test
    void hostShortagesFireWithTheirSeverity() {
        List<AlertRule> rules = ShortageRules.all(Duration.ofHours(6), 0, 0).stream()
                .map(r -> r.withFor(Duration.ZERO))
                .toList();
        source.set(host("node_memory_MemAvailable_bytes"), 4e8);
        source.set(host("node_memory_MemTotal_bytes"), 1e10);
        source.set(host("node_load5"), 20);
        source.set(host("node_cpu_count"), 8);
        source.set(host("node_filefd_allocated"), 900);
        source.set(host("node_filefd_maximum"), 1000);
        source.set(Labels.of("__name__", "up", "job", "eap", "instance", "eap-1:9100", "site", "site-a"), 0);
        AlertEvaluator ev = evaluator(rules);
        ev.evaluate();
        assertThat(ev.alerts())
                .extracting(a -> a.name() + "/" + a.severity().id() + "/" + AlertRule.formatValue(a.value()))
                .containsExactlyInAnyOrder(
                        "MemoryLow/critical/4",
                        "CpuOverloaded/warning/2.5",
                        "FileDescriptorsLow/warning/90",
                        "TargetDown/critical/0");
        assertThat(ev.alerts().stream()
                        .filter(a -> a.name().equals("MemoryLow"))
                        .findFirst()
                        .orElseThrow()
                        .annotations()
                        .get("summary"))
                .isEqualTo("Only 4 % memory available on eap-1");
    }
}
