package io.triad.failover.agent;

/**
 * A {@code host:port} or {@code [ipv6]:port} target, parsed.
 *
 * @param host a host name or IPv4 literal, or an IPv6 literal without its brackets
 * @param port 1..65535
 */
record HostPort(String host, int port) {

    HostPort {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535; got: " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException naming the form expected and the value given
     */
    static HostPort parse(String target) {
        String host;
        String port;
        if (target.startsWith("[")) {
            int close = target.indexOf(']');
            if (close < 0 || close + 1 >= target.length() || target.charAt(close + 1) != ':') {
                throw bad(target);
            }
            host = target.substring(1, close);
            port = target.substring(close + 2);
        } else {
            int colon = target.lastIndexOf(':');
            if (colon < 0 || target.indexOf(':') != colon) {
                throw bad(target); // no port, or an IPv6 literal without brackets
            }
            host = target.substring(0, colon);
            port = target.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            throw bad(target);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(target);
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535; got: " + p + " in \"" + target + "\"");
        }
        return new HostPort(host, p);
    }

    private static IllegalArgumentException bad(String target) {
        return new IllegalArgumentException("expected host:port or [ipv6]:port; got: \"" + target + "\"");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
