package io.triad.web.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Basic credentials verified recently, so a script that sends its password with every request pays for Argon2id once
 * per {@link AuthConfig#credentialCacheTtl()} rather than every time. Keyed by the SHA-256 of the {@code
 * Authorization} header value: the password itself is not kept.
 *
 * <p>NOTE: thread safe. Holds at most {@link AuthConfig#credentialCacheMaxEntries()} entries (emptied when full).
 */
final class CredentialCache {
    private record Entry(User user, Instant expires) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AuthConfig config;
    private final Clock clock;

    CredentialCache(AuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    Optional<User> get(String authorization) {
        String key = Secrets.sha256(authorization);
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!e.expires().isAfter(clock.instant())) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.user());
    }

    void put(String authorization, User user) {
        if (config.credentialCacheTtl().isZero()) {
            return;
        }
        if (entries.size() >= config.credentialCacheMaxEntries()) {
            entries.clear();
        }
        entries.put(
                Secrets.sha256(authorization), new Entry(user, clock.instant().plus(config.credentialCacheTtl())));
    }

    /** Forgets everything (after a user was removed or changed through the API). */
    void clear() {
        entries.clear();
    }
}
