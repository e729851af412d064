package io.triad.appliance.config;

/** GELF over UDP, TCP and HTTP. */
public final class GelfSection {
    public boolean enabled = true;

    /**
     * When its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
     * the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
     * acknowledges. On a site that does not replicate, both mean local.
     */
    public String ack = "both";

    /** UDP (chunked) and TCP (NUL-delimited) share this port. */
    public int port = 12201;

    public int httpPort = 12202;
    public int maxMessageBytes = 8 * 1024 * 1024;
}
