package io.triad.appliance.config;

/**
 * An Alertmanager-compatible webhook receiver.
 *
 * @param maxQueue notifications waiting at most while the receiver is slow; more are dropped and counted
 * @param authorization an {@code Authorization} header value (empty: none)
 */
public record WebhookSection(
        String name,
        String url,
        int timeoutSeconds,
        int maxRetries,
        int backoffMillis,
        int maxQueue,
        String authorization) {
    /** The defaults. */
    public WebhookSection() {
        this("", "", 5, 3, 500, 100, "");
    }
}
