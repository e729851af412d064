package io.triad.collector.input;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The private key and certificate chain of syslog over TLS (RFC 5425 section 5): read from a configured PKCS12
 * keystore, or a self-signed certificate generated at first start and kept as PKCS12 ({@value #KEYSTORE_FILE}, with
 * its random password in {@value #PASSWORD_FILE}, both readable only by the owner) so every later start presents the
 * same certificate and senders that pinned it keep trusting it.
 *
 * <p>The self-signed certificate has an ECDSA P-256 key, is valid for ten years and names {@code localhost}, {@code
 * 127.0.0.1} and {@code ::1}; senders pin it (RFC 5425 section 5.2, certificate fingerprints) rather than validate a
 * chain. Instances are immutable and thread safe.
 */
public final class TlsMaterial {
    static final String KEYSTORE_FILE = "syslog-tls.p12";
    static final String PASSWORD_FILE = "syslog-tls.password";
    private static final String ALIAS = "syslog-tls";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private TlsMaterial(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain must not be empty");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /**
     * Loads the configured keystore, or the self-signed certificate in {@code tls.selfSignedDirectory()}, generating
     * and saving it first when it does not exist yet.
     *
     * @throws IOException if a file cannot be read or written
     * @throws GeneralSecurityException if the keystore is malformed, the password is wrong or it holds no key
     */
    public static TlsMaterial load(InputsConfig.Tls tls, Clock clock) throws IOException, GeneralSecurityException {
        Path keystore = tls.keystore();
        if (keystore != null) {
            return read(keystore, tls.password());
        }
        Path dir = tls.selfSignedDirectory();
        Path store = dir.resolve(KEYSTORE_FILE);
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        if (Files.exists(store) && Files.exists(passwordFile)) {
            char[] password = Files.readString(passwordFile, StandardCharsets.US_ASCII)
                    .trim()
                    .toCharArray();
            return read(store, password);
        }
        return generate(dir, clock);
    }

    /** The server's own certificate, the first of the chain. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** A server-side TLS context (TLS 1.3 and 1.2, as RFC 5425 section 4.2 asks for TLS 1.2 or later). */
    SslContext serverContext() throws SSLException {
        return SslContextBuilder.forServer(key, chain)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    /**
     * A JSSE server context over this key and chain, for servers that are not Netty (the web server's HTTPS); the
     * server limits the protocols to TLS 1.3 and 1.2 itself.
     */
    public SSLContext sslContext() throws GeneralSecurityException {
        char[] password = "in-memory only".toCharArray(); // the keystore is never written
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, password);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty keystore: " + e.getMessage(), e);
        }
        store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static TlsMaterial read(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            Key key = store.getKey(alias, password);
            Certificate[] certs = store.getCertificateChain(alias);
            if (key instanceof PrivateKey privateKey && certs != null && certs.length > 0) {
                List<X509Certificate> chain = new ArrayList<>(certs.length);
                for (Certificate c : certs) {
                    chain.add((X509Certificate) c);
                }
                return new TlsMaterial(privateKey, chain);
            }
        }
        throw new GeneralSecurityException(
                "keystore " + keystore + " must hold a private key with its certificate chain; got: aliases "
                        + Collections.list(store.aliases()));
    }

    private static TlsMaterial generate(Path dir, Clock clock) throws IOException, GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = selfSign(pair, clock.instant(), random);

        byte[] secret = new byte[18];
        random.nextBytes(secret);
        char[] password =
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {certificate});

        Files.createDirectories(dir);
        // owner-only: DurableFiles creates its temporary file rw------- and the rename keeps the mode
        DurableFiles.write(dir.resolve(PASSWORD_FILE), new String(password).getBytes(StandardCharsets.US_ASCII));
        DurableFiles.write(dir.resolve(KEYSTORE_FILE), out -> {
            try {
                store.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write the keystore: " + e.getMessage(), e);
            }
        });
        return new TlsMaterial(pair.getPrivate(), List.of(certificate));
    }

    private static X509Certificate selfSign(KeyPair pair, Instant now, SecureRandom random)
            throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=triad syslog-tls,O=Triad");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)),
                name,
                pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")
        }));
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("could not sign the self-signed certificate: " + e.getMessage(), e);
        }
    }
}
