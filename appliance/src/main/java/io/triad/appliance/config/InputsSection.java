package io.triad.appliance.config;

/** Every ingestion input. */
public final class InputsSection {
    public String bind = "0.0.0.0";
    public int maxConnections = 1024;
    public int idleTimeoutSeconds = 600;
    public SyslogSection syslog = new SyslogSection();
    public GelfSection gelf = new GelfSection();
    public OtlpSection otlp = new OtlpSection();
    public HttpSection http = new HttpSection();
    public TlsSection tls = new TlsSection();

    void check(Problems p) {
        p.port("inputs.syslog.port", syslog.port());
        p.port("inputs.syslog.tlsPort", syslog.tlsPort());
        p.port("inputs.gelf.port", gelf.port());
        p.port("inputs.gelf.httpPort", gelf.httpPort());
        p.port("inputs.otlp.port", otlp.port());
        p.ack("inputs.syslog.ack", syslog.ack());
        p.ack("inputs.gelf.ack", gelf.ack());
        p.ack("inputs.otlp.ack", otlp.ack());
        p.positive("inputs.maxConnections", maxConnections);
        p.positive("inputs.syslog.maxMessageBytes", syslog.maxMessageBytes());
        p.positive("inputs.gelf.maxMessageBytes", gelf.maxMessageBytes());
        p.positive("inputs.http.maxBodyBytes", http.maxBodyBytes());
        p.positive("inputs.http.maxDecompressedBytes", http.maxDecompressedBytes());
        p.positive("inputs.http.maxLines", http.maxLines());
        p.positive("inputs.http.maxLineBytes", http.maxLineBytes());
        try {
            java.time.ZoneId.of(syslog.defaultTimeZone());
        } catch (RuntimeException e) {
            p.add("inputs.syslog.defaultTimeZone is not a time zone: '" + syslog.defaultTimeZone() + "'");
        }
    }
}
