package io.triad.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
    @Test
    void movesOnlyWhenTheTestMovesIt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-08T00:01:30Z"));
        clock.advance(500);
        assertThat(clock.millis())
                .isEqualTo(Instant.parse("2026-12-08T00:01:30.500Z").toEpochMilli());
        assertThat(clock.micros()).isEqualTo(clock.millis() * 1000);
        clock.set(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        clock.set(42L);
        assertThat(new MutableClock(42L).instant()).isEqualTo(clock.instant());
    }

    @Test
    void staysInUtc() {
        MutableClock clock = new MutableClock(0L);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
        assertThatThrownBy(() -> clock.withZone(ZoneId.of("Europe/Berlin")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Europe/Berlin");
    }
}
