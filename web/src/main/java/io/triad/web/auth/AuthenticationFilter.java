package io.triad.web.auth;

import jakarta.annotation.Priority;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.glassfish.grizzly.http.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Finds out who calls, for every request: from {@code Authorization: Bearer <API token>}, {@code Authorization: Basic
 * <user:password>} or the {@code triad_session} cookie of a login (in that order; a request with an {@code
 * Authorization} header is judged by it alone). A recognized caller becomes the request's {@link
 * jakarta.ws.rs.core.SecurityContext} ({@link Caller} as its principal); credentials that fail leave the request
 * anonymous with the reason in the property {@value #FAILURE}, and {@link AccessFeature}'s filter turns that into 401
 * where the resource needs a caller. Public resources (health, login) are served whatever came.
 *
 * <p>Basic passwords are verified with Argon2id once per {@link AuthConfig#credentialCacheTtl()} ({@link
 * CredentialCache}), and their failures count towards {@link LoginThrottle} like failed logins.
 *
 * <p>NOTE: thread safe; one instance serves every request.
 */
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {
    /** The session cookie's name. */
    public static final String COOKIE = "triad_session";

    /** Request property: why the credentials that came were refused (a String). */
    static final String FAILURE = "triad.auth.failure";

    /** Request property: seconds until the caller may try again after too many failures (a Long). */
    static final String RETRY_AFTER = "triad.auth.retryAfter";

    /** Request property: the client's address (a String). */
    static final String ADDRESS = "triad.auth.address";

    private final UserStore store;
    private final CredentialCache cache;
    private final LoginThrottle throttle;
    private final AuthMeters meters;

    @Context
    private @Nullable Provider<Request> grizzlyRequest;

    AuthenticationFilter(UserStore store, CredentialCache cache, LoginThrottle throttle, AuthMeters meters) {
        this.store = store;
        this.cache = cache;
        this.throttle = throttle;
        this.meters = meters;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String address = clientAddress();
        request.setProperty(ADDRESS, address);
        boolean secure = request.getSecurityContext().isSecure();
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Caller caller;
        if (authorization != null) {
            caller = fromAuthorization(request, authorization.trim(), address);
        } else {
            Cookie cookie = request.getCookies().get(COOKIE);
            caller = cookie == null || cookie.getValue().isEmpty() ? null : fromSession(request, cookie.getValue());
        }
        if (caller != null) {
            request.setSecurityContext(new Caller.Context(caller, secure));
        }
    }

    private @Nullable Caller fromAuthorization(ContainerRequestContext request, String authorization, String address) {
        int space = authorization.indexOf(' ');
        String scheme = (space < 0 ? authorization : authorization.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        return switch (scheme) {
            case "bearer" -> fromToken(request, value);
            case "basic" -> fromBasic(request, authorization, value, address);
            default ->
                fail(
                        request,
                        "other",
                        "malformed",
                        "unsupported Authorization scheme '" + scheme + "'; expected Bearer or Basic");
        };
    }

    private @Nullable Caller fromToken(ContainerRequestContext request, String token) {
        Optional<User> user = store.userForToken(token);
        if (user.isEmpty()) {
            return fail(request, "bearer", "unknown_token", "unknown or revoked API token");
        }
        return new Caller(user.get(), Caller.Scheme.BEARER, null);
    }

    private @Nullable Caller fromBasic(
            ContainerRequestContext request, String authorization, String encoded, String address) {
        Optional<User> cached = cache.get(authorization);
        if (cached.isPresent()) {
            return new Caller(cached.get(), Caller.Scheme.BASIC, null);
        }
        char[] decoded;
        try {
            decoded = decodeUtf8(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return fail(request, "basic", "malformed", "malformed Basic credentials: expected base64 of user:password");
        }
        try {
            int colon = indexOf(decoded, ':');
            if (colon < 0) {
                return fail(
                        request, "basic", "malformed", "malformed Basic credentials: expected base64 of user:password");
            }
            String name = new String(decoded, 0, colon);
            char[] password = java.util.Arrays.copyOfRange(decoded, colon + 1, decoded.length);
            try {
                Duration wait = throttle.waitFor(name, address);
                if (!wait.isZero()) {
                    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                    request.setProperty(RETRY_AFTER, seconds);
                    return fail(
                            request,
                            "basic",
                            "throttled",
                            "too many failed attempts of '" + name + "' from " + address + "; try again in " + seconds
                                    + " s");
                }
                Optional<User> user = store.authenticate(name, password);
                if (user.isEmpty()) {
                    throttle.failed(name, address);
                    return fail(request, "basic", "bad_credentials", "wrong user name or password");
                }
                throttle.succeeded(name, address);
                cache.put(authorization, user.get());
                return new Caller(user.get(), Caller.Scheme.BASIC, null);
            } finally {
                UserStore.wipe(password);
            }
        } finally {
            UserStore.wipe(decoded);
        }
    }

    private @Nullable Caller fromSession(ContainerRequestContext request, String id) {
        Optional<Session> session = store.session(id);
        if (session.isEmpty()) {
            return fail(request, "session", "expired_session", "the session has expired; log in again");
        }
        return new Caller(session.get().user(), Caller.Scheme.SESSION, session.get());
    }

    private @Nullable Caller fail(ContainerRequestContext request, String method, String reason, String message) {
        meters.failed(method, reason);
        request.setProperty(FAILURE, message);
        return null;
    }

    private String clientAddress() {
        try {
            Provider<Request> p = grizzlyRequest;
            Request r = p == null ? null : p.get();
            String a = r == null ? null : r.getRemoteAddr();
            return a == null ? "unknown" : a;
        } catch (RuntimeException e) {
            return "unknown"; // not on Grizzly, or outside a request
        }
    }

    private static char[] decodeUtf8(byte[] bytes) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        if (chars.hasArray()) {
            java.util.Arrays.fill(chars.array(), '\0');
        }
        java.util.Arrays.fill(bytes, (byte) 0);
        return out;
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
