package io.triad.failover.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to check one component's health: the kind of check and its target, how often, how long one check may take, and
 * how many consecutive results it takes to change the component's state (HAProxy's {@code rise} and {@code fall}).
 *
 * <p>Types and their targets:
 *
 * <ul>
 *   <li>{@code http}: an {@code http://host:port/path} or {@code https://...} URL; healthy when the answer is 2xx or
 *       3xx within the timeout (redirects are not followed).
 *   <li>{@code tcp}: {@code host:port} or {@code [ipv6]:port}; healthy when a connection opens within the timeout.
 *   <li>{@code process}: {@code pidfile:/absolute/path} (healthy when the file holds the pid of a live process) or
 *       {@code name:<substring>} (healthy when a live process other than this JVM has the substring in its command
 *       line).
 *   <li>{@code script}: a shell command line, run as {@code sh -c <target>}; healthy when it exits 0 within the
 *       timeout.
 *   <li>{@code none}: always healthy; the target is ignored. The default when a component has no check.
 * </ul>
 *
 * <p>Defaults ({@link #of}): interval {@value #DEFAULT_INTERVAL_MILLIS} ms, timeout {@value #DEFAULT_TIMEOUT_MILLIS}
 * ms, rise {@value #DEFAULT_RISE}, fall {@value #DEFAULT_FALL}. Limits: the interval is {@value #MIN_INTERVAL_MILLIS}
 * ..{@value #MAX_INTERVAL_MILLIS} ms, the timeout at least 1 ms and less than the interval, rise and fall
 * 1..{@value #MAX_RISE_FALL}, the target at most {@value #MAX_TARGET_LENGTH} characters.
 *
 * <p>NOTE: immutable and thread safe; the compact constructor rejects a bad value with an {@link
 * IllegalArgumentException} that names the field, the allowed values and the value given.
 *
 * @param type one of {@link #TYPES}
 * @param target what to check, in the form of its type
 * @param intervalMillis from the start of one check to the start of the next
 * @param timeoutMillis how long one check may take; a check that takes longer is a failure
 * @param rise consecutive successes that make an unhealthy component healthy
 * @param fall consecutive failures that make a healthy component unhealthy
 */
public record HealthCheckSpec(String type, String target, long intervalMillis, long timeoutMillis, int rise, int fall) {

    /** An HTTP(S) GET; see the class description. */
    public static final String HTTP = "http";
    /** A TCP connect. */
    public static final String TCP = "tcp";
    /** A pid file or a process whose command line contains a substring. */
    public static final String PROCESS = "process";
    /** A shell command line's exit code. */
    public static final String SCRIPT = "script";
    /** No check: always healthy. */
    public static final String NONE = "none";
    /** The types, in the order the documentation lists them. */
    public static final List<String> TYPES = List.of(HTTP, TCP, PROCESS, SCRIPT, NONE);

    /** A {@code process} target's prefix for a pid file. */
    public static final String PIDFILE_PREFIX = "pidfile:";
    /** A {@code process} target's prefix for a command-line substring. */
    public static final String NAME_PREFIX = "name:";

    /** The interval of {@link #of}: one check a second. */
    public static final long DEFAULT_INTERVAL_MILLIS = 1000;
    /** The timeout of {@link #of}. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 500;
    /** The rise of {@link #of}. */
    public static final int DEFAULT_RISE = 2;
    /** The fall of {@link #of}. */
    public static final int DEFAULT_FALL = 2;
    /** The shortest interval allowed. */
    public static final long MIN_INTERVAL_MILLIS = 10;
    /** The longest interval allowed: an hour. */
    public static final long MAX_INTERVAL_MILLIS = 3_600_000;
    /** The largest rise or fall allowed. */
    public static final int MAX_RISE_FALL = 100;
    /** The longest target allowed, in characters. */
    public static final int MAX_TARGET_LENGTH = 4096;

    public HealthCheckSpec {
        Objects.requireNonNull(type, "health check type");
        Objects.requireNonNull(target, "health check target");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(
                    "health check type must be one of " + TYPES + "; got: \"" + printable(type) + "\"");
        }
        if (intervalMillis < MIN_INTERVAL_MILLIS || intervalMillis > MAX_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("health check intervalMillis must be in " + MIN_INTERVAL_MILLIS + ".."
                    + MAX_INTERVAL_MILLIS + "; got: " + intervalMillis);
        }
        if (timeoutMillis < 1 || timeoutMillis >= intervalMillis) {
            throw new IllegalArgumentException("health check timeoutMillis must be >= 1 and < intervalMillis ("
                    + intervalMillis + "); got: " + timeoutMillis);
        }
        if (rise < 1 || rise > MAX_RISE_FALL) {
            throw new IllegalArgumentException("health check rise must be in 1.." + MAX_RISE_FALL + "; got: " + rise);
        }
        if (fall < 1 || fall > MAX_RISE_FALL) {
            throw new IllegalArgumentException("health check fall must be in 1.." + MAX_RISE_FALL + "; got: " + fall);
        }
        if (target.length() > MAX_TARGET_LENGTH) {
            throw new IllegalArgumentException("health check target must be at most " + MAX_TARGET_LENGTH
                    + " characters; got: " + target.length());
        }
        validateTarget(type, target);
    }

    /** A check of {@code type} on {@code target} with the default interval, timeout, rise and fall. */
    public static HealthCheckSpec of(String type, String target) {
        return new HealthCheckSpec(
                type, target, DEFAULT_INTERVAL_MILLIS, DEFAULT_TIMEOUT_MILLIS, DEFAULT_RISE, DEFAULT_FALL);
    }

    /** The {@code none} check with the defaults: what a component without a check gets. */
    public static HealthCheckSpec none() {
        return of(NONE, "");
    }

    private static void validateTarget(String type, String target) {
        switch (type) {
            case HTTP -> httpUri(target);
            case TCP -> {
                try {
                    HostPort.parse(target);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("health check target of type tcp: " + e.getMessage(), e);
                }
            }
            case PROCESS -> {
                if (target.startsWith(PIDFILE_PREFIX)) {
                    pidfile(target);
                } else if (!target.startsWith(NAME_PREFIX)
                        || target.substring(NAME_PREFIX.length()).isBlank()) {
                    throw new IllegalArgumentException("health check target of type process must be "
                            + PIDFILE_PREFIX + "/absolute/path or " + NAME_PREFIX
                            + "<non-empty substring>; got: \"" + printable(target) + "\"");
                }
            }
            case SCRIPT -> {
                if (target.isBlank()) {
                    throw new IllegalArgumentException(
                            "health check target of type script must be a non-empty command line; got: \""
                                    + printable(target) + "\"");
                }
            }
            default -> {
                // none: the target is ignored
            }
        }
    }

    /** The URL of an {@code http} target. */
    static URI httpUri(String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "health check target of type http is not a URL (" + e.getReason() + "); got: \"" + printable(target)
                            + "\"",
                    e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "health check target of type http must be an http:// or https:// URL; got: \"" + printable(target)
                            + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(
                    "health check target of type http must name a host (http://host:port/path); got: \""
                            + printable(target) + "\"");
        }
        return uri;
    }

    /** The path of a {@code process} target that starts with {@link #PIDFILE_PREFIX}. */
    static Path pidfile(String target) {
        String file = target.substring(PIDFILE_PREFIX.length());
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "health check target of type process: bad pid file path (" + e.getReason() + "); got: \""
                            + printable(target) + "\"",
                    e);
        }
        if (file.isEmpty() || !path.isAbsolute()) {
            throw new IllegalArgumentException(
                    "health check target of type process: the pid file path must be absolute; got: \""
                            + printable(target) + "\"");
        }
        return path;
    }

    /** {@code s} with control characters shown as {@code ?}, cut to 100 characters: safe inside a message. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 100 ? b + "..." : b.toString();
    }
}
