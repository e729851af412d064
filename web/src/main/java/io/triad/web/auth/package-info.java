/**
 * Who may call the web API: users, API tokens, sessions and saved searches in H2 ({@link io.triad.web.auth.UserStore}),
 * the request filter that authenticates by session cookie, Bearer token or Basic credentials
 * ({@link io.triad.web.auth.AuthenticationFilter}), role checks on every resource method
 * ({@link io.triad.web.auth.AccessFeature}), and the login, user and saved-search resources.
 *
 * <p>API (used by the appliance and by {@code web.api}): {@link io.triad.web.auth.WebAuth} (everything to register),
 * {@link io.triad.web.auth.AuthConfig}, {@link io.triad.web.auth.UserStore} with its records ({@link
 * io.triad.web.auth.User}, {@link io.triad.web.auth.Session}, {@link io.triad.web.auth.SavedSearch}), {@link
 * io.triad.web.auth.Role}, {@link io.triad.web.auth.Caller}, {@link io.triad.web.auth.Access} and {@link
 * io.triad.web.auth.ConfigurationLock}. The resources stay public because Jersey invokes their methods by reflection;
 * the filters, the throttle, the hasher and the caches are package-private.
 */
@NullMarked
package io.triad.web.auth;

import org.jspecify.annotations.NullMarked;
