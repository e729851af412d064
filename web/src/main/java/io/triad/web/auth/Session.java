package io.triad.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One browser session, made by a login.
 *
 * @param id the secret in the {@code triad_session} cookie (only its SHA-256 is stored)
 * @param user who logged in
 * @param csrfToken what state-changing requests with this session's cookie must send as {@code X-CSRF-Token}
 * @param created when the user logged in
 * @param lastSeen when the session was last used (updated at most once a minute)
 */
public record Session(String id, User user, String csrfToken, Instant created, Instant lastSeen) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    @Override
    public String toString() {
        return "Session[user=" + user.name() + ", created=" + created + ", lastSeen=" + lastSeen + "]";
    }
}
