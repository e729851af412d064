package io.triad.appliance.config;

/**
 * The certificate of the TLS inputs; a self-signed one is generated when no keystore is set.
 *
 * @param keystore PKCS12 keystore path; empty = generate {@code <data>/tls/inputs.p12} at first start
 */
public record TlsSection(String keystore, String password) {
    /** The defaults. */
    public TlsSection() {
        this("", "");
    }
}
