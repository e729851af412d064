package io.triad.metrics.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alert notifications to a URL in Alertmanager's webhook format (version 4): one request per round and status
 * ({@code firing} or {@code resolved}) with the alerts due ({@link AlertChange#announce()}: silenced alerts are not
 * sent). Requests go from a queue on the notifier's own thread, with a timeout and retries with exponential backoff on
 * a connection failure or a status other than 2xx; evaluation never waits for them.
 *
 * <p>NOTE: thread safe. Meters (tag {@code webhook}): {@code triad.alerts.webhook.sent}, {@code
 * triad.alerts.webhook.failures} (given up after the retries), {@code triad.alerts.webhook.retries}, {@code
 * triad.alerts.webhook.dropped} (queue full). {@link #close()} stops the thread; queued notifications are dropped.
 */
public final class WebhookNotifier implements AlertNotifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /**
     * Where and how to post.
     *
     * @param name the receiver's name in the payload and the meters' tag
     * @param url an http or https URL
     * @param timeout of one request
     * @param maxRetries further attempts after a failure (0: none)
     * @param initialBackoff the wait before the first retry, doubled before each next one
     * @param maxQueue payloads waiting at most; more are dropped and counted
     * @param authorization an {@code Authorization} header value, or null
     * @param externalUrl the appliance's URL for {@code externalURL} (may be empty)
     */
    public record Config(
            String name,
            URI url,
            Duration timeout,
            int maxRetries,
            Duration initialBackoff,
            int maxQueue,
            @Nullable String authorization,
            String externalUrl) {
        public Config {
            Objects.requireNonNull(name, "name");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("webhook url must be http or https; got: " + url);
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("webhook timeout must be > 0; got " + timeout);
            }
            if (maxRetries < 0 || initialBackoff.isNegative() || maxQueue <= 0) {
                throw new IllegalArgumentException(
                        "webhook maxRetries and initialBackoff must be >= 0 and maxQueue > 0;" + " got " + maxRetries
                                + ", " + initialBackoff + ", " + maxQueue);
            }
        }
    }

    private final Config config;
    private final HttpClient http;
    private final BlockingQueue<String> queue;
    private final Thread sender;
    private final Counter sent;
    private final Counter failures;
    private final Counter retries;
    private final Counter dropped;
    private volatile boolean closed;

    /** A notifier with its own HTTP client and thread (started here). */
    public WebhookNotifier(Config config, MeterRegistry registry) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.queue = new ArrayBlockingQueue<>(config.maxQueue());
        this.sent = counter(registry, "triad.alerts.webhook.sent", "Webhook notifications delivered");
        this.failures =
                counter(registry, "triad.alerts.webhook.failures", "Webhook notifications given up after every retry");
        this.retries = counter(registry, "triad.alerts.webhook.retries", "Webhook requests retried after a failure");
        this.dropped =
                counter(registry, "triad.alerts.webhook.dropped", "Webhook notifications dropped: the queue was full");
        this.sender = new Thread(this::run, "triad-alerts-webhook-" + config.name());
        sender.setDaemon(true);
        sender.start();
    }

    private Counter counter(MeterRegistry registry, String name, String help) {
        return Counter.builder(name)
                .description(help)
                .tag("webhook", config.name())
                .register(registry);
    }

    @Override
    public void notify(List<AlertChange> changes) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (AlertChange c : changes) {
            if (c.announce()) {
                (c.alert().state() == AlertState.RESOLVED ? resolved : firing).add(c.alert());
            }
        }
        for (List<Alert> group : List.of(firing, resolved)) {
            if (!group.isEmpty() && !closed && !queue.offer(payload(group))) {
                dropped.increment();
                LOG.warn("webhook {}: queue full ({}), notification dropped", config.name(), config.maxQueue());
            }
        }
    }

    /** The Alertmanager webhook body (version 4) for alerts of one status. */
    String payload(List<Alert> alerts) {
        String status = alerts.get(0).state() == AlertState.RESOLVED ? "resolved" : "firing";
        Map<String, String> common = new LinkedHashMap<>(alerts.get(0).labels().asMap());
        Map<String, String> commonAnnotations =
                new LinkedHashMap<>(alerts.get(0).annotations());
        List<Object> items = new ArrayList<>();
        for (Alert a : alerts) {
            common.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
            commonAnnotations
                    .entrySet()
                    .removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("status", status);
            item.put("labels", a.labels().asMap());
            item.put("annotations", a.annotations());
            Instant starts = a.firedAt() != null ? a.firedAt() : a.activeAt();
            item.put("startsAt", starts.toString());
            Instant ends = a.resolvedAt();
            item.put("endsAt", ends == null ? ZERO_TIME : ends.toString());
            item.put("generatorURL", config.externalUrl().isEmpty() ? "" : config.externalUrl() + "/api/v1/rules");
            item.put("fingerprint", a.fingerprint());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", "{}:{}");
        body.put("truncatedAlerts", 0);
        body.put("status", status);
        body.put("receiver", config.name());
        body.put("groupLabels", Map.of());
        body.put("commonLabels", common);
        body.put("commonAnnotations", commonAnnotations);
        body.put("externalURL", config.externalUrl());
        body.put("alerts", items);
        return JsonText.write(body);
    }

    private void run() {
        while (!closed) {
            String body;
            try {
                body = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!deliver(body)) {
                return;
            }
        }
    }

    /** Posts one body with retries; false when interrupted. */
    private boolean deliver(String body) {
        Duration backoff = config.initialBackoff();
        String lastError = "";
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                retries.increment();
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    return false;
                }
                backoff = backoff.multipliedBy(2);
            }
            HttpRequest.Builder r = HttpRequest.newBuilder(config.url())
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "triad-alerts")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            String auth = config.authorization();
            if (auth != null) {
                r.header("Authorization", auth);
            }
            try {
                HttpResponse<Void> response = http.send(r.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    sent.increment();
                    return true;
                }
                lastError = "status " + response.statusCode();
            } catch (IOException e) {
                lastError = e.toString();
            } catch (InterruptedException e) {
                return false;
            }
        }
        failures.increment();
        LOG.warn(
                "webhook {}: notification to {} failed after {} attempts: {}",
                config.name(),
                config.url(),
                config.maxRetries() + 1,
                lastError);
        return true;
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        http.close();
    }
}
