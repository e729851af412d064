package io.triad.appliance.config;

/** Syslog over UDP, TCP and TLS. */
public final class SyslogSection {
    public boolean enabled = true;

    /**
     * When its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
     * the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
     * acknowledges. On a site that does not replicate, both mean local.
     */
    public String ack = "both";

    /** UDP (RFC 5426) and TCP (RFC 6587) share this port. */
    public int port = 5514;

    public int tlsPort = 6514;
    public boolean tlsEnabled = true;
    public int maxMessageBytes = 64 * 1024;

    /** Time zone of timestamps that carry none (RFC 3164). */
    public String defaultTimeZone = "UTC";
}
