package io.triad.collector.replication;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for replication tests: issues a site certificate per call, and the TLS material
 * of a site that trusts the CA (the appliance narrows trust to the peer's site id; these tests trust the CA).
 */
final class TestCluster {
    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final X500Name caName;

    TestCluster(String name) throws Exception {
        caKeys = keys();
        caName = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder b = builder(caName, caKeys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        ca = sign(b, caKeys);
    }

    /** The TLS material of {@code site}: a certificate this CA issued, trusting this CA only. */
    ReplicationTls site(String site) throws Exception {
        KeyPair k = keys();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                caName,
                new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(2))),
                new X500Name("CN=" + site),
                k.getPublic());
        b.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, site)));
        X509Certificate cert = sign(b, caKeys);
        char[] pw = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, pw);
        ks.setKeyEntry("site", k.getPrivate(), pw, new Certificate[] {cert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        TrustManager tm = tmf.getTrustManagers()[0];
        return new ReplicationTls(kmf.getKeyManagers()[0], tm);
    }

    private JcaX509v3CertificateBuilder builder(X500Name name, KeyPair k) {
        return new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(2))),
                name,
                k.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }
}
