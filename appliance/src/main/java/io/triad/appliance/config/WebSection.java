package io.triad.appliance.config;

/** The web UI and REST API. */
public final class WebSection {
    public String bind = "0.0.0.0";
    public int port = 8080;

    /** HTTPS port; 0 = any free port, -1 = no HTTPS. */
    public int httpsPort = 8443;

    public WebTlsSection tls = new WebTlsSection();
    public AuthSection auth = new AuthSection();

    void check(Problems p) {
        p.port("web.port", port);
        if (httpsPort < -1 || httpsPort > 65535) {
            p.add("web.httpsPort must be within -1..65535 (0 = any free port, -1 = off); got: " + httpsPort);
        }
        auth.check(p);
    }
}
