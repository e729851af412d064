package io.triad.appliance.config;

/** An Alertmanager-compatible webhook receiver. */
public final class WebhookSection {
    public String name = "";
    public String url = "";
    public int timeoutSeconds = 5;
    public int maxRetries = 3;
    public int backoffMillis = 500;

    /** Notifications waiting at most while the receiver is slow; more are dropped and counted. */
    public int maxQueue = 100;

    /** An {@code Authorization} header value (empty: none). */
    public String authorization = "";
}
