package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.TriadConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running appliance samples its host and its own meters into the metrics store, and answers PromQL over them in
 * the shapes of Prometheus's HTTP API, also under /prometheus for Grafana.
 */
class MonitoringIT {
    @TempDir
    Path dir;

    @Test
    void hostAndSelfMetricsAreQueryableWithPromQl() throws Exception {
        TriadConfig c = RunningAppliance.loopbackConfig(dir);
        c.metrics.hostIntervalSeconds = 1;
        c.metrics.selfScrapeSeconds = 1;
        try (RunningAppliance triad = RunningAppliance.start(c)) {
            JsonNode memory = await(triad, "node_memory_MemTotal_bytes");
            JsonNode sample = memory.path("data").path("result").get(0);
            assertThat(sample.path("metric").path("site").asText()).isEqualTo("site-a");
            assertThat(sample.path("metric").path("component").asText()).isEqualTo("os");
            assertThat(sample.path("value").get(1).asDouble()).isGreaterThan(100e6);

            JsonNode up = await(triad, "sum by (job) (up)");
            assertThat(up.path("data")
                            .path("result")
                            .get(0)
                            .path("metric")
                            .path("job")
                            .asText())
                    .isEqualTo("triad");
            assertThat(up.path("data")
                            .path("result")
                            .get(0)
                            .path("value")
                            .get(1)
                            .asText())
                    .isEqualTo("1");

            Thread.sleep(2500); // a few more probes for a rate
            JsonNode cpu = triad.get("/metrics/query?query=" + enc("sum(rate(node_cpu_seconds_total[10s]))"));
            assertThat(cpu.path("data").path("resultType").asText()).isEqualTo("vector");
            assertThat(cpu.path("data")
                            .path("result")
                            .get(0)
                            .path("value")
                            .get(1)
                            .asDouble())
                    .isPositive();

            long now = Instant.now().getEpochSecond();
            HttpResponse<String> range = triad.http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + triad.port("web") + "/prometheus/api/v1/query_range"))
                            .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("query=" + enc("triad_journal_size_bytes")
                                    + "&start=" + (now - 60) + "&end=" + now + "&step=5"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(range.statusCode()).as(range.body()).isEqualTo(200);
            JsonNode matrix = RunningAppliance.JSON.readTree(range.body());
            assertThat(matrix.path("data").path("resultType").asText()).isEqualTo("matrix");
            assertThat(matrix.path("data").path("result").get(0).path("values")).isNotEmpty();

            HttpResponse<String> bad = triad.http.send(
                    HttpRequest.newBuilder(URI.create(triad.api() + "/metrics/query?query=" + enc("sum(up")))
                            .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(bad.statusCode()).isEqualTo(400);
            JsonNode err = RunningAppliance.JSON.readTree(bad.body());
            assertThat(err.path("status").asText()).isEqualTo("error");
            assertThat(err.path("errorType").asText()).isEqualTo("bad_data");
        }
    }

    private static JsonNode await(RunningAppliance triad, String query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode r;
        do {
            r = triad.get("/metrics/query?query=" + enc(query));
            if (r.path("data").path("result").size() > 0) {
                return r;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no result for " + query + " within 20 s: " + r);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
