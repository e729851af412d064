package io.triad.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeExpressionsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:15:30.123456Z"), ZoneOffset.UTC);
    private static final long NOW = 1_795_342_530_123_456L;

    private static long t(String s) {
        return TimeExpressions.parse(s, CLOCK);
    }

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    @Test
    void nowIsTheClockInMicroseconds() {
        assertThat(t("now")).isEqualTo(micros("2026-11-22T10:15:30.123456Z")).isEqualTo(NOW);
    }

    @Test
    void relativeExpressionsAddAndSubtractUnits() {
        assertThat(t("now-15m")).isEqualTo(NOW - 15 * 60_000_000L);
        assertThat(t("now-2h")).isEqualTo(NOW - 2 * 3_600_000_000L);
        assertThat(t("now-7d")).isEqualTo(NOW - 7 * 86_400_000_000L);
        assertThat(t("now+30s")).isEqualTo(NOW + 30_000_000L);
        assertThat(t("now-1M")).isEqualTo(micros("2026-10-22T10:15:30.123456Z"));
    }

    @Test
    void roundingTruncatesToTheUnit() {
        assertThat(t("now/d")).isEqualTo(micros("2026-11-22T00:00:00Z"));
        assertThat(t("now-1d/d")).isEqualTo(micros("2026-11-21T00:00:00Z"));
        assertThat(t("now/h")).isEqualTo(micros("2026-11-22T10:00:00Z"));
        assertThat(t("now/w")).isEqualTo(micros("2026-11-16T00:00:00Z")); // Monday
    }

    @Test
    void isoInstantsDatesAndMicros() {
        assertThat(t("2026-11-22T10:00:00Z")).isEqualTo(micros("2026-11-22T10:00:00Z"));
        assertThat(t("2026-11-22T11:00:00+01:00")).isEqualTo(micros("2026-11-22T10:00:00Z"));
        assertThat(t("2026-11-22T10:00:00.5")).isEqualTo(micros("2026-11-22T10:00:00.5Z"));
        assertThat(t("2026-11-22")).isEqualTo(micros("2026-11-22T00:00:00Z"));
        assertThat(t("1795342530123456")).isEqualTo(NOW);
    }

    @Test
    void badExpressionsSayWhatWasExpected() {
        assertThatThrownBy(() -> t("now-15x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time unit must be one of")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> t("now-m")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> t("yesterday"))
                .hasMessageContaining("ISO 8601")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> t("2026-13-01")).hasMessageContaining("got: 2026-13-01");
        assertThatThrownBy(() -> t(" ")).hasMessageContaining("must not be empty");
    }
}
