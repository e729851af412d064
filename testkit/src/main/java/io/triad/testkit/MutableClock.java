package io.triad.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that tests set and advance by hand; the one such clock of the code base.
 *
 * <p>NOTE: thread-safe: the code under test reads it on its own threads while the test moves it.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;

    /** A clock at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** A clock at {@code epochMillis} milliseconds since the epoch. */
    public MutableClock(long epochMillis) {
        this(Instant.ofEpochMilli(epochMillis));
    }

    /** Moves the clock to {@code instant} (backwards too: tests of clock jumps do). */
    public synchronized void set(Instant instant) {
        now = instant;
    }

    /** Moves the clock to {@code epochMillis}. */
    public void set(long epochMillis) {
        set(Instant.ofEpochMilli(epochMillis));
    }

    /** Moves the clock forward by {@code d} (backwards when negative). */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Moves the clock forward by {@code millis} milliseconds. */
    public void advance(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Microseconds since the epoch, the unit of the log events' times. */
    public long micros() {
        Instant i = now;
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the test clock stays in UTC; asked for " + zone);
    }
}
