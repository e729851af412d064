package io.triad.web.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Authentication and authorization of the web API, ready to register: the {@link AuthenticationFilter}, the
 * {@link AccessFeature} that checks every resource method's role, the {@link AuthResource}, {@link UsersResource} and
 * {@link SavedSearchesResource}, and the JSON mappers of {@link UserStore}'s errors.
 *
 * <p>NOTE: the caller owns the {@link UserStore} and closes it after the web server.
 */
public final class WebAuth {
    private final List<Object> components;

    public WebAuth(UserStore store, Clock clock, MeterRegistry registry) {
        AuthConfig config = store.config();
        AuthMeters meters = new AuthMeters(registry);
        CredentialCache cache = new CredentialCache(config, clock);
        LoginThrottle throttle = new LoginThrottle(config, clock);
        this.components = List.of(
                new AuthenticationFilter(store, cache, throttle, meters),
                new AccessFeature(),
                new AuthResource(store, throttle, meters),
                new UsersResource(store, cache),
                new SavedSearchesResource(store),
                new StoreErrors.UnknownUser(),
                new StoreErrors.Conflict(),
                new StoreErrors.Storage());
    }

    /** The filters, features, resources and mappers to register with the web server. */
    public List<Object> components() {
        return components;
    }

    /** {@link #components()} followed by {@code others} (the application's own resources). */
    public List<Object> with(List<Object> others) {
        List<Object> all = new ArrayList<>(components);
        all.addAll(others);
        return List.copyOf(all);
    }
}
