package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.testkit.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package, installed by .ci/run) scrapes the appliance's own {@code /metrics}
 * every second and remote-writes (1.0, Snappy protobuf) to Triad's {@code /api/v1/write}; the same PromQL queries,
 * evaluated at the same time, then answer the same in Prometheus and in Triad's {@code /prometheus/api/v1/query}:
 * the same series (Triad adds only site, host and component) with the same values.
 */
class PrometheusRemoteWriteIT {
    private static final String JOB = "prom-self-triad";
    /** Labels Triad adds to every pushed series (site is in the exposition too); compared separately. */
    private static final Set<String> ADDED = Set.of("site", "host", "component");

    @TempDir
    Path dir;

    private @Nullable Process prometheus;

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        Process p = prometheus;
        if (p != null) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void prometheusAndTriadAnswerTheSameQueriesOverRemoteWrittenSamples() throws Exception {
        Path prometheusBinary = Tools.require("prometheus", "apt-get install prometheus");
        try (RunningAppliance triad = RunningAppliance.start(dir.resolve("triad"))) {
            int promPort = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    String.format(
                            java.util.Locale.ROOT,
                            """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: %s
                        scrape_interval: 1s
                        metrics_path: /metrics
                        basic_auth:
                          username: admin
                          password: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    remote_write:
                      - url: http://127.0.0.1:%d/api/v1/write
                        queue_config:
                          batch_send_deadline: 500ms
                          min_backoff: 100ms
                          max_backoff: 1s
                    """,
                            JOB,
                            RunningAppliance.ADMIN_PASSWORD,
                            triad.port("web"),
                            triad.port("otlp-http")),
                    StandardCharsets.UTF_8);
            prometheus = new ProcessBuilder(
                            prometheusBinary.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                            "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            String prom = "http://127.0.0.1:" + promPort;
            String triadProm = "http://127.0.0.1:" + triad.port("web") + "/prometheus";

            awaitPrometheusUp(triad, prom);
            Thread.sleep(15_000); // samples for a one-minute rate, remote-written a moment later

            long evaluation = System.currentTimeMillis() / 1000 - 5;
            List<String> queries = List.of(
                    "up{job=\"" + JOB + "\"}",
                    "jvm_memory_used_bytes{job=\"" + JOB + "\"}",
                    "sum by (job) (rate(http_server_requests_seconds_count{job=\"" + JOB + "\"}[1m]))",
                    "sum by (job, area) (jvm_memory_used_bytes{job=\"" + JOB + "\"})");
            for (String q : queries) {
                Map<Map<String, String>, Double> expected = Map.of();
                Map<Map<String, String>, Double> actual = Map.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                    expected = vector(query(triad, prom, q, evaluation, false));
                    JsonNode triadAnswer = query(triad, triadProm, q, evaluation, true);
                    actual = vector(triadAnswer);
                    if (!expected.isEmpty() && equal(expected, actual)) {
                        assertAddedLabels(triadAnswer, q);
                        break;
                    }
                    Thread.sleep(500);
                }
                assertThat(expected).as("Prometheus answers %s", q).isNotEmpty();
                assertThat(actual.keySet()).as("the series of %s", q).isEqualTo(expected.keySet());
                for (Map.Entry<Map<String, String>, Double> e : expected.entrySet()) {
                    assertThat(actual.get(e.getKey()))
                            .as("%s %s", q, e.getKey())
                            .isCloseTo(e.getValue(), org.assertj.core.data.Percentage.withPercentage(1e-7));
                }
            }

            HttpResponse<String> self = triad.metrics();
            assertThat(self.body())
                    .containsPattern("triad_metrics_intake_requests_total\\{outcome=\"ok\",protocol=\"remote_write\"")
                    .doesNotContain("triad_metrics_intake_rejected_total{protocol=\"remote_write\"");
        }
    }

    /** Triad's series carry the site, the host of the scrape target's instance and the job as component. */
    private static void assertAddedLabels(JsonNode triadAnswer, String q) {
        for (JsonNode r : triadAnswer.path("data").path("result")) {
            JsonNode metric = r.path("metric");
            if (metric.has("__name__") || metric.has("instance")) {
                assertThat(metric.path("site").asText()).as(q).isEqualTo("site-a");
                assertThat(metric.path("host").asText()).as(q).isEqualTo("127.0.0.1");
                assertThat(metric.path("component").asText()).as(q).isEqualTo(JOB);
            }
        }
    }

    private static void awaitPrometheusUp(RunningAppliance triad, String prom) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode r = query(triad, prom, "up{job=\"" + JOB + "\"} == 1", 0, false);
                if (r.path("data").path("result").size() == 1) {
                    return;
                }
                last = r.toString();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus did not scrape the appliance within 60 s: " + last);
    }

    private static JsonNode query(RunningAppliance triad, String base, String q, long time, boolean auth)
            throws IOException, InterruptedException {
        String uri = base + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + (time > 0 ? "&time=" + time : "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).GET();
        if (auth) {
            b.header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD));
        }
        HttpResponse<String> r = triad.http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return RunningAppliance.JSON.readTree(r.body());
    }

    /** An instant vector as label set (without Triad's added labels) to value. */
    private static Map<Map<String, String>, Double> vector(JsonNode answer) {
        assertThat(answer.path("data").path("resultType").asText()).isEqualTo("vector");
        Map<Map<String, String>, Double> v =
                new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (JsonNode r : answer.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            r.path("metric").fields().forEachRemaining(e -> {
                if (!ADDED.contains(e.getKey())) {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            });
            v.put(labels, Double.parseDouble(r.path("value").get(1).asText()));
        }
        return v;
    }

    private static boolean equal(Map<Map<String, String>, Double> a, Map<Map<String, String>, Double> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Map<String, String>, Double> e : a.entrySet()) {
            double x = e.getValue();
            double y = b.get(e.getKey());
            if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) {
                return false;
            }
        }
        return true;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
