package io.triad.appliance.config;

/** The certificate of HTTPS; without a keystore, the self-signed one of the TLS inputs ({@code <data>/tls}). */
public final class WebTlsSection {
    /** PKCS12 keystore path; empty = the generated self-signed certificate. */
    public String keystore = "";

    public String password = "";
}
