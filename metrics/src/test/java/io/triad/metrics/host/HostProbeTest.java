package io.triad.metrics.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.metrics.model.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The probe on this machine's real kernel: the series a dashboard needs are there with plausible values. */
class HostProbeTest {
    private final HostProbe probe = new HostProbe("site-a", "node-1", Path.of("/proc/pressure"));

    private static Map<String, List<HostSample>> byName(List<HostSample> samples) {
        return samples.stream().collect(Collectors.groupingBy(s -> s.labels().name()));
    }

    @Test
    void everySeriesCarriesSiteHostAndComponent() {
        List<HostSample> samples = probe.probe();
        assertThat(samples).isNotEmpty().allSatisfy(s -> {
            assertThat(s.labels().get("site")).isEqualTo("site-a");
            assertThat(s.labels().get("host")).isEqualTo("node-1");
            assertThat(s.labels().get("component")).isEqualTo("os");
            assertThat(s.value()).isNotNaN();
        });
    }

    @Test
    void cpuMemoryFileSystemsAndDescriptorsArePlausible() {
        Map<String, List<HostSample>> m = byName(probe.probe());
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(m.get("node_cpu_count").get(0).value()).isGreaterThanOrEqualTo(cpus);
        assertThat(m.get("node_cpu_seconds_total"))
                .extracting(s -> s.labels().get("mode"))
                .contains("user", "system", "idle", "iowait", "steal");
        double total = m.get("node_memory_MemTotal_bytes").get(0).value();
        double available = m.get("node_memory_MemAvailable_bytes").get(0).value();
        assertThat(total).isGreaterThan(100e6);
        assertThat(available).isPositive().isLessThanOrEqualTo(total);
        assertThat(m.get("node_filesystem_size_bytes")).isNotEmpty().allSatisfy(s -> {
            assertThat(s.labels().get("mountpoint")).startsWith("/");
            assertThat(s.value()).isPositive();
        });
        assertThat(m.get("node_filefd_allocated").get(0).value()).isPositive();
        assertThat(m.get("node_filefd_maximum").get(0).value())
                .isGreaterThan(m.get("node_filefd_allocated").get(0).value());
        assertThat(m.get("node_processes").get(0).value()).isPositive();
        assertThat(m).containsKey("node_load1").containsKey("node_network_receive_bytes_total");
    }

    @Test
    void cpuCountersNeverGoBackwards() throws Exception {
        double before = sum(byName(probe.probe()).get("node_cpu_seconds_total"));
        Thread.sleep(200);
        double after = sum(byName(probe.probe()).get("node_cpu_seconds_total"));
        assertThat(after).isGreaterThanOrEqualTo(before);
    }

    @Test
    void telemetryWritesOneProbeWithOneTimestampAndCountsRefusals() {
        List<Long> times = new ArrayList<>();
        List<Labels> labels = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T07:00:00Z"), ZoneOffset.UTC);
        try (HostTelemetry t = new HostTelemetry(
                probe,
                (l, ts, v) -> {
                    if (l.name().equals("node_load1")) {
                        throw new IllegalArgumentException("refused for the test");
                    }
                    times.add(ts);
                    labels.add(l);
                },
                clock,
                Duration.ofSeconds(10),
                registry)) {
            int written = t.probeOnce();
            assertThat(written).isEqualTo(labels.size()).isPositive();
            assertThat(times).containsOnly(clock.millis());
            assertThat(registry.get("triad.host.probe.errors").counter().count())
                    .isEqualTo(1.0);
        }
    }

    private static double sum(List<HostSample> samples) {
        return samples.stream().mapToDouble(HostSample::value).sum();
    }
}
