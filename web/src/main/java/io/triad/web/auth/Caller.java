package io.triad.web.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller of one request, as {@link SecurityContext#getUserPrincipal()} holds it.
 *
 * @param user who calls
 * @param scheme how the caller proved it
 * @param session the browser session, for {@link Scheme#SESSION} only
 */
public record Caller(User user, Scheme scheme, @Nullable Session session) implements Principal {
    /** How a caller authenticated. */
    public enum Scheme {
        /** The {@code triad_session} cookie of a login. */
        SESSION,
        /** {@code Authorization: Bearer} with an API token. */
        BEARER,
        /** {@code Authorization: Basic} with user name and password. */
        BASIC
    }

    public Caller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(scheme, "scheme");
        if ((scheme == Scheme.SESSION) != (session != null)) {
            throw new IllegalArgumentException("a session is required for scheme SESSION only; got scheme " + scheme);
        }
    }

    /** The caller of a request, if it authenticated. */
    public static @Nullable Caller of(SecurityContext context) {
        return context.getUserPrincipal() instanceof Caller c ? c : null;
    }

    @Override
    public String getName() {
        return user.name();
    }

    /** The caller's role. */
    public Role role() {
        return user.role();
    }

    /** The {@link SecurityContext} Jersey hands to resources: roles follow {@link Role#includes}. */
    static final class Context implements SecurityContext {
        private final Caller caller;
        private final boolean secure;

        Context(Caller caller, boolean secure) {
            this.caller = caller;
            this.secure = secure;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            try {
                return caller.role().includes(Role.parse(role));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return switch (caller.scheme()) {
                case SESSION -> FORM_AUTH;
                case BEARER -> "Bearer";
                case BASIC -> BASIC_AUTH;
            };
        }
    }
}
