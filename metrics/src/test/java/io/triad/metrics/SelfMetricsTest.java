package io.triad.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

class SelfMetricsTest {

    @Test
    void scrapeRendersJvmMetersAndRegisteredCountersWithTheSiteTag() {
        try (SelfMetrics metrics = new SelfMetrics("site-a")) {
            Counter.builder("triad.test.events")
                    .description("events seen by the test")
                    .register(metrics.registry())
                    .increment(3);
            String text = metrics.scrape();
            assertThat(text).contains("# HELP triad_test_events_total events seen by the test");
            assertThat(text).contains("triad_test_events_total{site=\"site-a\"} 3.0");
            assertThat(text).contains("jvm_memory_used_bytes{");
            assertThat(text).contains("process_uptime_seconds{site=\"site-a\"}");
        }
    }
}
