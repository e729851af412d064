package io.triad.web;

import java.util.Objects;

/**
 * Where the web server listens.
 *
 * @param bind the address to bind ({@code 0.0.0.0} for every interface)
 * @param port the HTTP port; 0 picks a free one (tests)
 */
public record WebConfig(String bind, int port) {
    public WebConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535; got: " + port);
        }
    }
}
