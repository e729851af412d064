package io.triad.failover;

import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's own certificate authority and one key and certificate per site, as PEM files in one directory:
 * {@code ca.crt} and {@code ca.key}, then {@code <site>.crt} and {@code <site>.key} for each site. Keys are ECDSA
 * P-256, written readable by the owner only; each site's certificate names the site id as its DNS subject alternative
 * name and serves both as TLS server and client certificate, so the sites authenticate each other mutually.
 *
 * <p>A peer is trusted when its chain leads to the cluster CA and its certificate names one of the group's site ids
 * ({@link #trustManager}); the host name it was reached at is not checked, so sites can be addressed by IP, through
 * NAT or through the tests' proxies. Instances are immutable and thread safe.
 */
public final class ClusterCertificates {
    static final String CA = "ca";
    private static final String CRT = ".crt";
    private static final String KEY = ".key";

    private final X509Certificate ca;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private ClusterCertificates(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
        this.ca = ca;
        this.certificate = certificate;
        this.key = key;
    }

    /**
     * Makes a new CA and a key and certificate for each site in {@code dir}.
     *
     * @throws IOException if {@code dir} already holds a CA (it is never replaced) or a file cannot be written
     */
    public static List<Path> init(Path dir, String cluster, List<String> sites, Duration validity, Clock clock)
            throws IOException, GeneralSecurityException {
        if (Files.exists(dir.resolve(CA + CRT))) {
            throw new IOException(dir.resolve(CA + CRT) + " exists; a cluster CA is never replaced (remove the "
                    + "directory to start a new cluster)");
        }
        for (String s : sites) {
            Names.requireId("site id", s);
        }
        if (Set.copyOf(sites).size() != sites.size()) {
            throw new IllegalArgumentException("site ids must differ; got: " + sites);
        }
        Instant now = clock.instant();
        KeyPair caKeys = newKeyPair();
        X500Name caName = new X500Name("CN=Triad cluster CA " + cluster);
        X509Certificate caCert = sign(caName, caName, caKeys, caKeys.getPrivate(), now, validity.multipliedBy(2), b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
        List<Path> written = new java.util.ArrayList<>();
        written.add(write(dir.resolve(CA + KEY), pem(caKeys.getPrivate())));
        for (String site : sites) {
            KeyPair keys = newKeyPair();
            X509Certificate cert = sign(
                    new X500Name("CN=" + site + ", O=Triad cluster " + cluster),
                    caName,
                    keys,
                    caKeys.getPrivate(),
                    now,
                    validity,
                    b -> {
                        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                        b.addExtension(
                                Extension.keyUsage,
                                true,
                                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                        }));
                        b.addExtension(
                                Extension.subjectAlternativeName,
                                false,
                                new GeneralNames(new GeneralName(GeneralName.dNSName, site)));
                        b.addExtension(
                                Extension.authorityKeyIdentifier,
                                false,
                                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
                    });
            written.add(write(dir.resolve(site + KEY), pem(keys.getPrivate())));
            written.add(write(dir.resolve(site + CRT), pem(cert)));
        }
        // the CA certificate last: its presence marks a complete directory
        written.add(write(dir.resolve(CA + CRT), pem(caCert)));
        return written;
    }

    /** Reads the CA certificate and {@code site}'s key and certificate from {@code dir}. */
    public static ClusterCertificates load(Path dir, String site) throws IOException, GeneralSecurityException {
        X509Certificate ca = readCertificate(dir.resolve(CA + CRT));
        X509Certificate cert = readCertificate(dir.resolve(site + CRT));
        cert.verify(ca.getPublicKey());
        if (!siteIds(cert).contains(site)) {
            throw new GeneralSecurityException(dir.resolve(site + CRT) + " names " + siteIds(cert) + ", not " + site);
        }
        return new ClusterCertificates(ca, cert, readKey(dir.resolve(site + KEY)));
    }

    /** The cluster CA's certificate. */
    public X509Certificate ca() {
        return ca;
    }

    /** This site's certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A key manager presenting this site's key and its chain (site certificate, CA). */
    public KeyManager[] keyManagers() throws GeneralSecurityException {
        char[] password = "in-memory only".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, password);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty keystore: " + e.getMessage(), e);
        }
        store.setKeyEntry("site", key, password, new java.security.cert.Certificate[] {certificate, ca});
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(store, password);
        return f.getKeyManagers();
    }

    /**
     * A trust manager that accepts a peer (as client or server) whose chain leads to the cluster CA and whose
     * certificate names one of {@code peers}.
     */
    public X509ExtendedTrustManager trustManager(Set<String> peers) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty keystore: " + e.getMessage(), e);
        }
        store.setCertificateEntry(CA, ca);
        TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
        f.init(store);
        X509TrustManager pkix = null;
        for (javax.net.ssl.TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                pkix = x;
            }
        }
        if (pkix == null) {
            throw new GeneralSecurityException("no X.509 trust manager");
        }
        return new SiteTrustManager(pkix, Set.copyOf(peers));
    }

    /** Checks the chain against the CA and the certificate's site id against the group; never the host name. */
    private static final class SiteTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;
        private final Set<String> peers;

        SiteTrustManager(X509TrustManager pkix, Set<String> peers) {
            this.pkix = pkix;
            this.peers = peers;
        }

        private void checkSite(X509Certificate[] chain) throws CertificateException {
            List<String> ids = siteIds(chain[0]);
            if (ids.stream().noneMatch(peers::contains)) {
                throw new CertificateException(
                        "peer certificate names " + ids + ", none of the cluster's sites " + peers);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
            checkSite(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            checkSite(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

    /** The DNS names of a certificate's subject alternative names. */
    static List<String> siteIds(X509Certificate cert) throws CertificateParsingException {
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return List.of();
        }
        return sans.stream()
                .filter(san -> Integer.valueOf(GeneralName.dNSName).equals(san.get(0)))
                .map(san -> String.valueOf(san.get(1)))
                .toList();
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder b) throws IOException, GeneralSecurityException;
    }

    private static X509Certificate sign(
            X500Name subject,
            X500Name issuer,
            KeyPair subjectKeys,
            PrivateKey issuerKey,
            Instant now,
            Duration validity,
            Extensions extensions)
            throws IOException, GeneralSecurityException {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)),
                subject,
                subjectKeys.getPublic());
        b.addExtension(
                Extension.subjectKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKeys.getPublic()));
        extensions.add(b);
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            if (o instanceof PrivateKey k) {
                w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null)); // "PRIVATE KEY"
            } else {
                w.writeObject(o);
            }
        }
        return s.toString();
    }

    private static Path write(Path file, String pem) throws IOException {
        DurableFiles.writeCreatingDirectories(
                file, pem.getBytes(StandardCharsets.US_ASCII)); // owner-only, as its temporary file was
        return file;
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        Object o = readPem(file);
        if (!(o instanceof X509CertificateHolder h)) {
            throw new IOException(file + " holds no certificate");
        }
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    private static PrivateKey readKey(Path file) throws IOException {
        Object o = readPem(file);
        if (o instanceof org.bouncycastle.openssl.PEMKeyPair kp) {
            return new JcaPEMKeyConverter().getKeyPair(kp).getPrivate();
        }
        if (o instanceof PrivateKeyInfo info) {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
        throw new IOException(file + " holds no private key");
    }

    private static Object readPem(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file + " (run 'triad cluster init' and copy the site's files)");
        }
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o = p.readObject();
            if (o == null) {
                throw new IOException(file + " holds no PEM object");
            }
            return o;
        }
    }
}
