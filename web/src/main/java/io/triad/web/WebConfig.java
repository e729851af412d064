package io.triad.web;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Where the web server listens.
 *
 * @param bind the address to bind ({@code 0.0.0.0} for every interface)
 * @param port the HTTP port; 0 picks a free one (tests)
 * @param httpsPort the HTTPS port; 0 picks a free one, -1 serves no HTTPS
 * @param tls the server's key and certificate for HTTPS (required unless {@code httpsPort} is -1)
 */
public record WebConfig(
        String bind, int port, int httpsPort, @Nullable SSLContext tls) {
    public WebConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535; got: " + port);
        }
        if (httpsPort < -1 || httpsPort > 65535) {
            throw new IllegalArgumentException("httpsPort must be within -1..65535 (-1 = no HTTPS); got: " + httpsPort);
        }
        if (httpsPort >= 0 && tls == null) {
            throw new IllegalArgumentException("httpsPort " + httpsPort + " needs a TLS context; got none");
        }
    }

    /** HTTP only. */
    public WebConfig(String bind, int port) {
        this(bind, port, -1, null);
    }
}
