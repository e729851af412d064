package io.triad.collector.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import io.triad.collector.syslog.SyslogCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CorrelationExtractorTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CorrelationExtractor defaults = new CorrelationExtractor(CorrelationRules.defaults(), registry);

    @Test
    void configuredFieldNamesMatchWholeOrAfterTheLastDot() {
        LogEvent e = LogEvent.builder()
                .field("origin@32473.alarm_id", "ALM-77")
                .field("Request_ID", "r-1")
                .field("session", "not a configured name")
                .build();
        assertThat(defaults.apply(e).correlation())
                .isEqualTo(Map.of("alarm_id", List.of("ALM-77"), "request_id", List.of("r-1")));
    }

    @Test
    void everyMatchOfAnExtractorBecomesAValue() {
        LogEvent e = LogEvent.builder()
                .message("alarm ALM-1001 merged into ALM-1002; req-0f8e2a9c-1b2d-4c3e-9f00-123456789abc done, "
                        + "blk_-42 replicated")
                .build();
        assertThat(defaults.apply(e).correlation())
                .containsEntry("alarm_id", List.of("ALM-1001", "ALM-1002"))
                .containsEntry("request_id", List.of("req-0f8e2a9c-1b2d-4c3e-9f00-123456789abc"))
                .containsEntry("block_id", List.of("blk_-42"));
    }

    @Test
    void aGroupNarrowsTheValue() {
        CorrelationExtractor x = new CorrelationExtractor(
                new CorrelationRules(
                        List.of(), List.of(CorrelationRules.Extractor.of("user", "user=(\\w+)", 1)), 16, 256),
                registry);
        assertThat(x.apply(LogEvent.builder().message("login user=jmeier ok").build())
                        .correlation())
                .isEqualTo(Map.of("user", List.of("jmeier")));
    }

    @Test
    void anEventWithNothingToFindIsReturnedAsItIs() {
        LogEvent e = LogEvent.builder()
                .message("connection closed")
                .field("host", "x")
                .build();
        assertThat(defaults.apply(e)).isSameAs(e);
    }

    @Test
    void componentAndLayerComeFromFieldsElseTheLayerFromTheFacility() {
        LogEvent tagged = LogEvent.builder()
                .facility(16)
                .field("triad@32473.component", "EAP")
                .field("triad@32473.layer", "platform")
                .build();
        assertThat(defaults.apply(tagged))
                .extracting(LogEvent::component, LogEvent::layer)
                .containsExactly("EAP", "platform");
        assertThat(defaults.apply(LogEvent.builder().facility(4).build()).layer())
                .isEqualTo("os");
        assertThat(defaults.apply(LogEvent.builder().facility(23).build()).layer())
                .isEqualTo("application");
        LogEvent otlp = LogEvent.builder()
                .component("EEP")
                .layer("platform")
                .facility(4)
                .build();
        assertThat(defaults.apply(otlp)).isSameAs(otlp);
    }

    @Test
    void keysTheCodecAlreadySetAreNotDuplicated() {
        LogEvent e = LogEvent.builder()
                .message("ALM-5 raised")
                .correlate("alarm_id", "ALM-5")
                .build();
        assertThat(defaults.apply(e)).isSameAs(e);
    }

    @Test
    void tooLongValuesAndTooManyValuesAreDroppedAndCounted() {
        CorrelationExtractor x = new CorrelationExtractor(
                new CorrelationRules(List.of(), List.of(CorrelationRules.Extractor.of("n", "N\\d+", 0)), 2, 4),
                registry);
        LogEvent out = x.apply(LogEvent.builder().message("N1 N2 N3 N12345").build());
        assertThat(out.correlation()).isEqualTo(Map.of("n", List.of("N1", "N2")));
        assertThat(registry.get("triad.correlation.dropped.values").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void openTelemetryStructuredDataFromTheCodecSurvivesTheExtractor() throws Exception {
        byte[] line = ("<134>1 2026-12-01T06:00:00.000Z eep-01 eep 42 ALARM [opentelemetry"
                        + " trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\" span_id=\"00f067aa0ba902b7\"]"
                        + "[origin@32473 alarm_id=\"ALM-9\"] alarm raised")
                .getBytes(StandardCharsets.UTF_8);
        LogEvent decoded = new SyslogCodec(java.time.ZoneOffset.UTC, 65_536)
                .decode(line, 0, line.length, new ReceiveContext("site-a", "syslog-tcp", "", 0));
        LogEvent out = defaults.apply(decoded);
        assertThat(out.correlation())
                .containsEntry("trace_id", List.of("4bf92f3577b34da6a3ce929d0e0e4736"))
                .containsEntry("span_id", List.of("00f067aa0ba902b7"))
                .containsEntry("alarm_id", List.of("ALM-9"));
    }

    @Test
    void badRulesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> CorrelationRules.Extractor.of("alarm_id", "ALM-(\\d+", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern of extractor 'alarm_id' is not a valid regular expression");
        assertThatThrownBy(() -> CorrelationRules.Extractor.of("alarm_id", "ALM-\\d+", 1))
                .hasMessageContaining("group of extractor 'alarm_id' must be within 0..0");
        assertThatThrownBy(() -> CorrelationRules.Extractor.of("Alarm Id", "x", 0))
                .hasMessageContaining("got: 'Alarm Id'");
        assertThatThrownBy(() -> new CorrelationRules(List.of(), List.of(), 0, 1))
                .hasMessageContaining("maxValuesPerKey must be >= 1; got: 0");
    }

    @Test
    void theSinkHandsOnEnrichedEventsInOrder() {
        List<LogEvent> seen = new ArrayList<>();
        EventSink target = new EventSink() {
            @Override
            public CompletableFuture<Void> submit(List<LogEvent> events) {
                seen.addAll(events);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean accepting() {
                return false;
            }
        };
        CorrelatingSink sink = new CorrelatingSink(target, defaults);
        LogEvent plain = LogEvent.builder().message("a").build();
        sink.submit(List.of(plain, LogEvent.builder().message("ALM-3").build())).join();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isSameAs(plain);
        assertThat(seen.get(1).correlation()).isEqualTo(Map.of("alarm_id", List.of("ALM-3")));
        assertThat(sink.accepting()).isFalse();
    }
}
