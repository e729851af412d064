package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void generatesASelfSignedCertificateOnceAndReusesIt(@TempDir Path dir) throws Exception {
        TlsMaterial first = TlsMaterial.load(InputsConfig.Tls.selfSigned(dir), clock);
        assertThat(dir.resolve(TlsMaterial.KEYSTORE_FILE)).exists();
        assertThat(dir.resolve(TlsMaterial.PASSWORD_FILE)).exists();
        first.certificate().checkValidity(java.util.Date.from(clock.instant()));
        assertThat(first.certificate().getSubjectX500Principal().getName()).contains("CN=triad syslog-tls");
        assertThat(first.certificate().getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)))
                .contains("localhost", "127.0.0.1");
        first.certificate().verify(first.certificate().getPublicKey());

        TlsMaterial second = TlsMaterial.load(InputsConfig.Tls.selfSigned(dir), clock);
        assertThat(second.certificate()).isEqualTo(first.certificate());
        SslContext context = second.serverContext();
        assertThat(context.isServer()).isTrue();
    }

    @Test
    void loadsAConfiguredPkcs12Keystore(@TempDir Path dir) throws Exception {
        TlsMaterial generated = TlsMaterial.load(InputsConfig.Tls.selfSigned(dir.resolve("gen")), clock);
        char[] password = Files.readString(
                        dir.resolve("gen").resolve(TlsMaterial.PASSWORD_FILE),
                        java.nio.charset.StandardCharsets.US_ASCII)
                .toCharArray();
        Path copy = dir.resolve("mine.p12");
        Files.copy(dir.resolve("gen").resolve(TlsMaterial.KEYSTORE_FILE), copy);

        TlsMaterial loaded = TlsMaterial.load(InputsConfig.Tls.pkcs12(copy, password), clock);
        assertThat(loaded.certificate()).isEqualTo(generated.certificate());
    }

    @Test
    void rejectsAKeystoreWithoutAPrivateKey(@TempDir Path dir) throws Exception {
        TlsMaterial generated = TlsMaterial.load(InputsConfig.Tls.selfSigned(dir), clock);
        KeyStore trustOnly = KeyStore.getInstance("PKCS12");
        trustOnly.load(null, "pw".toCharArray());
        trustOnly.setCertificateEntry("ca", (Certificate) generated.certificate());
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trustOnly.store(out, "pw".toCharArray());
        }
        assertThatThrownBy(() -> TlsMaterial.load(InputsConfig.Tls.pkcs12(file, "pw".toCharArray()), clock))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("must hold a private key with its certificate chain");
    }
}
