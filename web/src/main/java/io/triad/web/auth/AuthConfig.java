package io.triad.web.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of authentication.
 *
 * @param sessionIdleTimeout a session unused this long ends
 * @param sessionMaxLifetime a session ends this long after login, however busy
 * @param credentialCacheTtl how long a verified Basic user name and password stay verified in memory (a changed or
 *     removed password is still accepted this long by a running appliance)
 * @param credentialCacheMaxEntries the most verified Basic credentials kept in memory (the cache is emptied when full)
 * @param minPasswordLength the shortest password accepted for a new user or a new password
 * @param loginFreeFailures failed logins of one user from one address before each further attempt must wait; one
 *     address alone gets four times as many (over all user names)
 * @param loginMaxDelay the longest wait after failed logins (the wait doubles with every failure, from one second)
 * @param maxSavedSearchesPerUser the most saved searches one user may keep
 */
public record AuthConfig(
        Duration sessionIdleTimeout,
        Duration sessionMaxLifetime,
        Duration credentialCacheTtl,
        int credentialCacheMaxEntries,
        int minPasswordLength,
        int loginFreeFailures,
        Duration loginMaxDelay,
        int maxSavedSearchesPerUser) {

    public AuthConfig {
        positive("sessionIdleTimeout", sessionIdleTimeout);
        positive("sessionMaxLifetime", sessionMaxLifetime);
        Objects.requireNonNull(credentialCacheTtl, "credentialCacheTtl");
        if (credentialCacheTtl.isNegative()) {
            throw new IllegalArgumentException("credentialCacheTtl must be >= 0; got: " + credentialCacheTtl);
        }
        positive("loginMaxDelay", loginMaxDelay);
        if (credentialCacheMaxEntries < 1) {
            throw new IllegalArgumentException(
                    "credentialCacheMaxEntries must be >= 1; got: " + credentialCacheMaxEntries);
        }
        if (minPasswordLength < 1 || minPasswordLength > 1024) {
            throw new IllegalArgumentException("minPasswordLength must be within 1..1024; got: " + minPasswordLength);
        }
        if (loginFreeFailures < 1) {
            throw new IllegalArgumentException("loginFreeFailures must be >= 1; got: " + loginFreeFailures);
        }
        if (maxSavedSearchesPerUser < 1) {
            throw new IllegalArgumentException("maxSavedSearchesPerUser must be >= 1; got: " + maxSavedSearchesPerUser);
        }
    }

    /** 30 minutes idle, 12 hours at most, 10 s credential cache of 10,000 entries, passwords of 8+, 5 free failures. */
    public static AuthConfig defaults() {
        return new AuthConfig(
                Duration.ofMinutes(30),
                Duration.ofHours(12),
                Duration.ofSeconds(10),
                10_000,
                8,
                5,
                Duration.ofMinutes(5),
                500);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0; got: " + d);
        }
    }
}
