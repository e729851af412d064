package io.triad.appliance.config;

/**
 * OTLP/HTTP logs and NDJSON bulk ingest.
 *
 * @param ack when its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
 *     the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
 *     acknowledges. On a site that does not replicate, both mean local
 */
public record OtlpSection(boolean enabled, String ack, int port, int maxAttributes) {
    /** The defaults. */
    public OtlpSection() {
        this(true, "both", 4318, 128);
    }

    public OtlpSection withAck(String ack) {
        return new OtlpSection(enabled, ack, port, maxAttributes);
    }

    public OtlpSection withPort(int port) {
        return new OtlpSection(enabled, ack, port, maxAttributes);
    }
}
