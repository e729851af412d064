package io.triad.appliance.config;

/**
 * Syslog over UDP, TCP and TLS.
 *
 * @param ack when its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
 *     the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
 *     acknowledges. On a site that does not replicate, both mean local
 * @param port UDP (RFC 5426) and TCP (RFC 6587) share this port
 * @param defaultTimeZone time zone of timestamps that carry none (RFC 3164)
 */
public record SyslogSection(
        boolean enabled,
        String ack,
        int port,
        int tlsPort,
        boolean tlsEnabled,
        int maxMessageBytes,
        String defaultTimeZone) {
    /** The defaults. */
    public SyslogSection() {
        this(true, "both", 5514, 6514, true, 64 * 1024, "UTC");
    }

    public SyslogSection withPort(int port) {
        return new SyslogSection(enabled, ack, port, tlsPort, tlsEnabled, maxMessageBytes, defaultTimeZone);
    }

    public SyslogSection withTlsPort(int tlsPort) {
        return new SyslogSection(enabled, ack, port, tlsPort, tlsEnabled, maxMessageBytes, defaultTimeZone);
    }

    public SyslogSection withTlsEnabled(boolean tlsEnabled) {
        return new SyslogSection(enabled, ack, port, tlsPort, tlsEnabled, maxMessageBytes, defaultTimeZone);
    }

    public SyslogSection withDefaultTimeZone(String defaultTimeZone) {
        return new SyslogSection(enabled, ack, port, tlsPort, tlsEnabled, maxMessageBytes, defaultTimeZone);
    }
}
