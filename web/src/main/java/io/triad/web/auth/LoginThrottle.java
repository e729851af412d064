package io.triad.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link AuthConfig#loginFreeFailures()} failed attempts for one user from one
 * address (or four times as many from one address over all user names), every further attempt must wait, one second
 * after the next failure, then two, four, ... up to {@link AuthConfig#loginMaxDelay()}. An attempt that comes too
 * early is refused without looking at the password, so parallel guesses gain nothing. A successful login clears the
 * count of that user and address; counts are forgotten after {@code loginMaxDelay} without failures.
 *
 * <p>Counting per user and address (rather than per user) means a guesser cannot lock the real user out from another
 * address. At most {@value #MAX_ENTRIES} counts are kept; beyond that the oldest are dropped.
 *
 * <p>NOTE: thread safe.
 */
final class LoginThrottle {
    static final int MAX_ENTRIES = 100_000;
    static final int ADDRESS_FACTOR = 4;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AuthConfig config;
    private final Clock clock;

    private record Entry(int failures, Instant lastFailure, Instant notBefore) {}

    LoginThrottle(AuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** How long an attempt for {@code user} from {@code address} must still wait; zero when it may go ahead. */
    Duration waitFor(String user, String address) {
        Instant now = clock.instant();
        Duration a = remaining(pairKey(user, address), now);
        Duration b = remaining(addressKey(address), now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Counts a failed attempt. */
    void failed(String user, String address) {
        Instant now = clock.instant();
        if (entries.size() >= MAX_ENTRIES) {
            prune(now);
        }
        count(pairKey(user, address), config.loginFreeFailures(), now);
        count(addressKey(address), config.loginFreeFailures() * ADDRESS_FACTOR, now);
    }

    /** Clears the count of this user from this address after a successful login. */
    void succeeded(String user, String address) {
        entries.remove(pairKey(user, address));
    }

    private Duration remaining(String key, Instant now) {
        Entry e = entries.get(key);
        if (e == null || !e.notBefore().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, e.notBefore());
    }

    private void count(String key, int free, Instant now) {
        entries.compute(key, (k, e) -> {
            int failures = e == null || forgotten(e, now) ? 1 : e.failures() + 1;
            Instant notBefore = now;
            if (failures >= free) {
                notBefore = now.plus(delay(failures - free));
            }
            return new Entry(failures, now, notBefore);
        });
    }

    /** The wait after the {@code n}-th failure beyond the free ones (0-based): 1 s, 2 s, 4 s, ... capped. */
    private Duration delay(int n) {
        Duration max = config.loginMaxDelay();
        if (n >= 30) {
            return max;
        }
        Duration d = Duration.ofSeconds(1L << n);
        return d.compareTo(max) > 0 ? max : d;
    }

    private boolean forgotten(Entry e, Instant now) {
        return e.lastFailure().plus(config.loginMaxDelay()).isBefore(now)
                && !e.notBefore().isAfter(now);
    }

    private void prune(Instant now) {
        entries.entrySet().removeIf(en -> forgotten(en.getValue(), now));
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // under a flood of distinct addresses, memory wins over the counts
        }
    }

    private static String pairKey(String user, String address) {
        return "u\u0000" + user.toLowerCase(Locale.ROOT) + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a\u0000" + address;
    }
}
