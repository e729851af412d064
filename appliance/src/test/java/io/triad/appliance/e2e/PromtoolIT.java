package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.testkit.Tools;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} is Prometheus text that Prometheus's own linter, {@code promtool check metrics} (Debian's
 * prometheus package, installed by .ci/run), accepts without a complaint, after traffic on every layer.
 */
class PromtoolIT {
    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Path promtool = Tools.require("promtool", "apt-get install prometheus");
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            try (java.net.Socket s =
                    new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), triad.port("syslog-tcp"))) {
                s.getOutputStream().write("<13>1 - host-1 app - - - hello metrics\n".getBytes(StandardCharsets.UTF_8));
            }
            triad.awaitHits("metrics", 1, java.time.Duration.ofSeconds(15));
            triad.get("/search?q=nothing"); // HTTP server metrics
            HttpResponse<String> r = triad.metrics();
            assertThat(r.statusCode()).isEqualTo(200);
            String text = r.body();
            assertThat(text)
                    .contains("triad_journal_fsync_seconds")
                    .contains("triad_indexer_docs_total")
                    .contains("http_server_requests_seconds_count")
                    .contains("jvm_memory_used_bytes");
            Path file = dir.resolve("metrics.txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile())
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).as("promtool check metrics output").isEmpty();
            assertThat(p.exitValue()).isZero();
        }
    }
}
