/**
 * Who may call the web API: users, API tokens, sessions and saved searches in H2 ({@link io.triad.web.auth.UserStore}),
 * the request filter that authenticates by session cookie, Bearer token or Basic credentials
 * ({@link io.triad.web.auth.AuthenticationFilter}), role checks on every resource method
 * ({@link io.triad.web.auth.AccessFeature}), and the login, user and saved-search resources.
 */
@NullMarked
package io.triad.web.auth;

import org.jspecify.annotations.NullMarked;
