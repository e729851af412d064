package io.triad.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.failover.ClusterCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triad cluster init} as an operator runs it: a CA and one key and certificate per site, keys owner-only. */
class ClusterCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void initWritesACaAndASiteCertificateNamingEachSite() throws Exception {
        Path tls = dir.resolve("tls");
        CliRun r = run(
                "cluster",
                "init",
                "--out",
                tls.toString(),
                "--data",
                dir.resolve("data").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("site-a, site-b, witness");
        for (String f : List.of("ca.crt", "ca.key", "site-a.crt", "site-a.key", "site-b.key", "witness.crt")) {
            assertThat(tls.resolve(f)).exists();
        }
        for (String key : List.of("ca.key", "site-a.key", "site-b.key", "witness.key")) {
            assertThat(Files.getPosixFilePermissions(tls.resolve(key)).toString())
                    .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        }
        assertThat(Files.readString(tls.resolve("site-a.key"), java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        ClusterCertificates b = ClusterCertificates.load(tls, "site-b");
        X509Certificate cert = b.certificate();
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "site-b"));
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        cert.verify(b.ca().getPublicKey());
        assertThat(b.ca().getBasicConstraints()).isZero();
    }

    @Test
    void initTakesSiteIdsAndNeverReplacesACa() throws Exception {
        Path tls = dir.resolve("tls");
        CliRun r = run(
                "cluster",
                "init",
                "--out",
                tls.toString(),
                "--site",
                "dc1",
                "--site",
                "dc2",
                "--site",
                "tie",
                "--cluster",
                "acme");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ClusterCertificates.load(tls, "tie")
                        .ca()
                        .getSubjectX500Principal()
                        .getName())
                .contains("acme");
        CliRun again = run("cluster", "init", "--out", tls.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("a cluster CA is never replaced");
        CliRun bad = run("cluster", "init", "--out", dir.resolve("x").toString(), "--site", "Bad Name");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("site id must match");
    }

    @Test
    void aSiteCertificateLoadedForAnotherSiteIsRefused() throws Exception {
        Path tls = dir.resolve("tls");
        assertThat(run("cluster", "init", "--out", tls.toString()).code()).isZero();
        Files.copy(
                tls.resolve("site-a.crt"),
                tls.resolve("site-b.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterCertificates.load(tls, "site-b"))
                .hasMessageContaining("names [site-a], not site-b");
    }
}
