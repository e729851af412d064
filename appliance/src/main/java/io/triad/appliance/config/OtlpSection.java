package io.triad.appliance.config;

/** OTLP/HTTP logs and NDJSON bulk ingest. */
public final class OtlpSection {
    public boolean enabled = true;

    /**
     * When its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
     * the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
     * acknowledges. On a site that does not replicate, both mean local.
     */
    public String ack = "both";

    public int port = 4318;
    public int maxAttributes = 128;
}
