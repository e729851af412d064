package io.triad.collector.replication;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The key material of replication's mutual TLS: this site's key and certificate, and a trust manager that accepts
 * only the peer data site's certificate (issued by the cluster's CA and naming the peer's site id).
 *
 * @param keyManager presents this site's key and chain, as server and as client
 * @param trustManager accepts the peer only
 */
public record ReplicationTls(KeyManager keyManager, TrustManager trustManager) {

    public ReplicationTls {
        Objects.requireNonNull(keyManager, "keyManager");
        Objects.requireNonNull(trustManager, "trustManager");
    }

    /** The server's context: TLS 1.3, the client must present a certificate the trust manager accepts. */
    SslContext server() throws SSLException {
        return SslContextBuilder.forServer(keyManager)
                .trustManager(trustManager)
                .clientAuth(ClientAuth.REQUIRE)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .build();
    }

    /**
     * The client's context: TLS 1.3, presenting this site's certificate. The host name the peer was reached at is not
     * checked (the trust manager checks the site id the certificate names), so sites can be addressed by IP, through
     * NAT or through a proxy.
     */
    SslContext client() throws SSLException {
        return SslContextBuilder.forClient()
                .keyManager(keyManager)
                .trustManager(trustManager)
                .endpointIdentificationAlgorithm(null)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .build();
    }
}
