package io.triad.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    final MutableClock clock = new MutableClock(UserStoreTest.T0);
    final LoginThrottle throttle = new LoginThrottle(
            new AuthConfig(
                    Duration.ofMinutes(30),
                    Duration.ofHours(2),
                    Duration.ofSeconds(10),
                    100,
                    8,
                    3,
                    Duration.ofSeconds(60),
                    10),
            clock);

    @Test
    void afterTheFreeFailuresEachAttemptWaitsTwiceAsLongUpToTheMaximum() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isZero();
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(1));
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anotherAddressOrUserIsNotSlowedByOnesFailures() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isPositive();
        assertThat(throttle.waitFor("alice", "10.0.0.2")).isZero();
        assertThat(throttle.waitFor("bob", "10.0.0.1")).isZero();
    }

    @Test
    void oneAddressGuessingManyNamesIsSlowedToo() {
        for (int i = 0; i < 3 * LoginThrottle.ADDRESS_FACTOR - 1; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.waitFor("someone", "10.0.0.9")).isZero();
        throttle.failed("user-last", "10.0.0.9");
        assertThat(throttle.waitFor("someone", "10.0.0.9")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSuccessOrAQuietPeriodClearsTheCount() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("carol", "10.0.0.3");
        }
        throttle.succeeded("carol", "10.0.0.3");
        throttle.failed("carol", "10.0.0.3");
        assertThat(throttle.waitFor("carol", "10.0.0.3")).isZero();
        throttle.failed("carol", "10.0.0.3");
        clock.advance(Duration.ofMinutes(2));
        throttle.failed("carol", "10.0.0.3");
        assertThat(throttle.waitFor("carol", "10.0.0.3")).isZero();
    }
}
