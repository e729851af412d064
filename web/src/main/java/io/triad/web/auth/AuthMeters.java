package io.triad.web.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of authentication: {@code triad.auth.failures} (tags {@code method}: login, basic, bearer, session;
 * {@code reason}: bad_credentials, throttled, unknown_token, expired_session, malformed) and {@code triad.auth.logins}.
 *
 * <p>NOTE: thread safe.
 */
final class AuthMeters {
    private final MeterRegistry registry;
    private final Counter logins;

    AuthMeters(MeterRegistry registry) {
        this.registry = registry;
        this.logins = Counter.builder("triad.auth.logins")
                .description("Successful logins to the web UI")
                .register(registry);
    }

    void loggedIn() {
        logins.increment();
    }

    void failed(String method, String reason) {
        Counter.builder("triad.auth.failures")
                .description("Refused authentication attempts, by method and reason")
                .tag("method", method)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
