package io.triad.appliance.config;

/**
 * GELF over UDP, TCP and HTTP.
 *
 * @param ack when its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
 *     the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
 *     acknowledges. On a site that does not replicate, both mean local
 * @param port UDP (chunked) and TCP (NUL-delimited) share this port
 */
public record GelfSection(boolean enabled, String ack, int port, int httpPort, int maxMessageBytes) {
    /** The defaults. */
    public GelfSection() {
        this(true, "both", 12201, 12202, 8 * 1024 * 1024);
    }

    public GelfSection withPort(int port) {
        return new GelfSection(enabled, ack, port, httpPort, maxMessageBytes);
    }

    public GelfSection withHttpPort(int httpPort) {
        return new GelfSection(enabled, ack, port, httpPort, maxMessageBytes);
    }
}
