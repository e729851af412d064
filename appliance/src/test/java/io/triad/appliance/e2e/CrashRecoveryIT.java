package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's promise under a real crash: a child JVM runs the appliance while clients ingest NDJSON over HTTP;
 * it is killed with SIGKILL mid-stream; after a restart on the same data directory every acknowledged event is
 * searchable exactly once.
 */
class CrashRecoveryIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesKillNineExactlyOnce() throws Exception {
        Path data = dir.resolve("data");
        Path conf = dir.resolve("triad.yaml");
        Files.writeString(conf, RunningAppliance.loopbackConfig(data).toYaml(), StandardCharsets.UTF_8);
        Path runFile = data.resolve("run.json");

        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.triad.appliance.Main",
                "start",
                "--config",
                conf.toString()));
        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        String marker = "crash" + UUID.randomUUID().toString().replace("-", "");
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        try {
            int ingestPort = awaitPort(runFile, "otlp-http", child);
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI ingest = URI.create("http://127.0.0.1:" + ingestPort + "/api/v1/ingest");
            for (int t = 0; t < 4; t++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        List<Integer> batch = new ArrayList<>();
                        StringBuilder body = new StringBuilder();
                        for (int i = 0; i < 50; i++) {
                            int n = next.getAndIncrement();
                            batch.add(n);
                            body.append("{\"host\":\"crash-host\",\"component\":\"EEP\",\"message\":\"event n")
                                    .append(n)
                                    .append(' ')
                                    .append(marker)
                                    .append("\"}\n");
                        }
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(ingest)
                                            .timeout(Duration.ofSeconds(5))
                                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                acked.addAll(batch);
                            }
                        } catch (Exception e) {
                            return; // the server died: this batch was never acknowledged
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acked.size() < 20_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop.set(true);
            for (Thread c : clients) {
                c.join(10_000);
            }
            child.destroyForcibly();
        }
        assertThat(acked).hasSizeGreaterThan(1000);

        try (RunningAppliance triad = RunningAppliance.start(RunningAppliance.loopbackConfig(data))) {
            triad.awaitHits(marker, acked.size(), Duration.ofSeconds(60));
            Map<Integer, Integer> seen = new HashMap<>();
            String cursor = "";
            do {
                JsonNode page = triad.get("/search?q=" + marker + "&from=now-1d&to=now%2B1h&limit=5000"
                        + (cursor.isEmpty() ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
                for (JsonNode hit : page.path("hits")) {
                    String message = hit.path("message").asText();
                    int n = Integer.parseInt(message.substring("event n".length(), message.indexOf(' ', 7)));
                    seen.merge(n, 1, Integer::sum);
                }
                cursor = page.path("cursor").asText("");
            } while (!cursor.isEmpty());
            for (int n : acked) {
                assertThat(seen.get(n)).as("event n%d", n).isEqualTo(1);
            }
            assertThat(seen.values()).allMatch(c -> c == 1);
        }
    }

    private static int awaitPort(Path runFile, String name, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the appliance exited with " + child.exitValue());
            }
            if (Files.isRegularFile(runFile)) {
                JsonNode run = RunningAppliance.JSON.readTree(runFile.toFile());
                if (run.path("ports").has(name)) {
                    return run.path("ports").path(name).asInt();
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the appliance wrote no " + runFile + " within 60 s");
    }
}
