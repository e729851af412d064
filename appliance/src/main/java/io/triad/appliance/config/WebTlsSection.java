package io.triad.appliance.config;

/**
 * The certificate of HTTPS; without a keystore, the self-signed one of the TLS inputs ({@code <data>/tls}).
 *
 * @param keystore PKCS12 keystore path; empty = the generated self-signed certificate
 */
public record WebTlsSection(String keystore, String password) {
    /** The defaults. */
    public WebTlsSection() {
        this("", "");
    }
}
