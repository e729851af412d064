package io.triad.web.auth;

import io.triad.web.json.ApiErrors;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Refuses the {@link ConfigurationChange} methods with {@code 423 Locked} and the reason while {@code lock} says
 * configuration is locked (restricted or unlicensed). Nothing else is refused: inputs, search, alarms and installing a
 * license keep working.
 *
 * <p>NOTE: runs after the authorization check, so an unauthenticated caller still gets 401.
 */
public final class ConfigurationLock implements DynamicFeature {
    private final Supplier<Optional<String>> lock;

    /** @param lock the reason configuration is locked now, or empty when it is not */
    public ConfigurationLock(Supplier<Optional<String>> lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    @Override
    public void configure(ResourceInfo info, FeatureContext context) {
        if (info.getResourceMethod() != null
                && info.getResourceMethod().isAnnotationPresent(ConfigurationChange.class)) {
            context.register(new Check(lock), Priorities.AUTHORIZATION + 10);
        }
    }

    @Priority(Priorities.AUTHORIZATION + 10)
    static final class Check implements ContainerRequestFilter {
        private final Supplier<Optional<String>> lock;

        Check(Supplier<Optional<String>> lock) {
            this.lock = lock;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            lock.get()
                    .ifPresent(reason -> request.abortWith(ApiErrors.error(
                            423,
                            "configuration changes are locked by the license state: " + reason
                                    + " (install a valid license with POST /api/v1/license)",
                            null)));
        }
    }
}
