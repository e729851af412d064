package io.triad.metrics.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.metrics.model.Labels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook notifier against a real HTTP server on loopback. */
class WebhookNotifierIT {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger failFirst = new AtomicInteger();

    private LoopbackReceiver receiver(int status) throws IOException {
        return new LoopbackReceiver(() -> failFirst.getAndDecrement() > 0 ? 503 : status);
    }

    private static WebhookNotifier.Config config(URI url, int retries) {
        return new WebhookNotifier.Config(
                "ops",
                url,
                Duration.ofSeconds(2),
                retries,
                Duration.ofMillis(20),
                10,
                "Bearer t0k",
                "http://triad:8080");
    }

    private static Alert alert(AlertState state, String host, List<Long> silencedBy) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return new Alert(
                Labels.of("alertname", "VolumeFillingUp", "severity", "critical", "host", host, "site", "site-a"),
                Map.of("summary", "Volume /data on " + host + " fills up in 3.2 h", "description", "quote \" here"),
                state,
                Severity.CRITICAL,
                t,
                t.plusSeconds(600),
                state == AlertState.RESOLVED ? t.plusSeconds(3600) : null,
                3.2,
                silencedBy);
    }

    private double count(String name) {
        return registry.get(name).tag("webhook", "ops").counter().count();
    }

    @Test
    void firingAlertsArePostedInAlertmanagerFormatAfterARetry() throws Exception {
        failFirst.set(1);
        try (LoopbackReceiver r = receiver(200);
                WebhookNotifier n = new WebhookNotifier(config(r.url(), 3), registry)) {
            Alert a = alert(AlertState.FIRING, "eap-1", List.of());
            Alert muted = alert(AlertState.FIRING, "eap-2", List.of(4L));
            n.notify(List.of(
                    new AlertChange(a, AlertState.PENDING, Severity.CRITICAL, true),
                    new AlertChange(muted, AlertState.PENDING, Severity.CRITICAL, false)));
            assertThat(r.requests.poll(10, TimeUnit.SECONDS).status()).isEqualTo(503);
            LoopbackReceiver.Request second = r.requests.poll(10, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            String body = second.body();
            assertThat(body)
                    .startsWith("{\"version\":\"4\",\"groupKey\":\"{}:{}\",\"truncatedAlerts\":0,\"status\":\"firing\","
                            + "\"receiver\":\"ops\"")
                    .contains("\"commonLabels\":{\"alertname\":\"VolumeFillingUp\",\"host\":\"eap-1\"")
                    .contains("\"externalURL\":\"http://triad:8080\"")
                    .contains("\"startsAt\":\"2026-12-01T10:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\"")
                    .contains("\"fingerprint\":\"" + a.fingerprint() + "\"")
                    .contains("\"description\":\"quote \\\" here\"")
                    .doesNotContain("eap-2");
            assertThat(second.authorization()).isEqualTo("Bearer t0k");
            assertThat(count("triad.alerts.webhook.retries")).isEqualTo(1);
            awaitCount("triad.alerts.webhook.sent", 1);
            assertThat(count("triad.alerts.webhook.failures")).isZero();

            n.notify(List.of(new AlertChange(
                    alert(AlertState.RESOLVED, "eap-1", List.of()), AlertState.FIRING, Severity.CRITICAL, true)));
            String resolved = r.requests.poll(10, TimeUnit.SECONDS).body();
            assertThat(resolved).contains("\"status\":\"resolved\"").contains("\"endsAt\":\"2026-12-01T11:00:00Z\"");
        }
    }

    @Test
    void aReceiverThatKeepsFailingIsCountedAndDoesNotBlockTheCaller() throws Exception {
        try (LoopbackReceiver r = receiver(500);
                WebhookNotifier n = new WebhookNotifier(config(r.url(), 2), registry)) {
            long t0 = System.nanoTime();
            n.notify(List.of(new AlertChange(
                    alert(AlertState.FIRING, "eap-1", List.of()), AlertState.PENDING, Severity.CRITICAL, true)));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
            awaitCount("triad.alerts.webhook.failures", 1);
            assertThat(count("triad.alerts.webhook.retries")).isEqualTo(2);
            assertThat(r.requests).hasSize(3).allMatch(x -> x.status() == 500);
            assertThat(count("triad.alerts.webhook.sent")).isZero();
        }
    }

    @Test
    void anUnreachableReceiverIsCountedAsAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/hook");
        try (WebhookNotifier n = new WebhookNotifier(config(url, 1), registry)) {
            n.notify(List.of(new AlertChange(
                    alert(AlertState.FIRING, "eap-1", List.of()), AlertState.PENDING, Severity.CRITICAL, true)));
            awaitCount("triad.alerts.webhook.failures", 1);
        }
    }

    private void awaitCount(String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(name) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count(name)).as(name).isEqualTo(expected);
    }
}
