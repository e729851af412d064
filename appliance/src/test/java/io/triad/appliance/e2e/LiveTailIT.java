package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/tail} over a real HTTP connection: new events matching the query arrive as Server-Sent Events within
 * two seconds of being sent over syslog; other events do not; a bad query is a 400 before any stream.
 */
class LiveTailIT {
    @TempDir
    Path dir;

    @Test
    void matchingNewEventsArriveAsServerSentEventsWithinTwoSeconds() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            HttpResponse<InputStream> r = triad.http.send(
                    HttpRequest.newBuilder(URI.create(triad.api() + "/tail?q="
                                    + URLEncoder.encode("tamper AND host:door-*", StandardCharsets.UTF_8)))
                            .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                            .header("Accept", "text/event-stream")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.put(line);
                    }
                } catch (Exception e) {
                    // the stream ends when the appliance closes
                }
            });
            assertThat(lines.poll(5, TimeUnit.SECONDS)).as("the first comment").startsWith(":");
            try (Socket syslog = new Socket("127.0.0.1", triad.port("syslog-tcp"))) {
                OutputStream out = syslog.getOutputStream();
                send(out, "door-007", "tamper contact opened on enclosure 3");
                send(out, "eep-01", "tamper alarm forwarded");
                send(out, "door-008", "badge 4711 granted");
                long sent = System.nanoTime();
                send(out, "door-009", "tamper switch closed again");
                out.flush();
                List<JsonNode> events = new ArrayList<>();
                while (events.size() < 2) {
                    String line = lines.poll(2, TimeUnit.SECONDS);
                    assertThat(line)
                            .as("an SSE line within 2 s; got so far: %s", events)
                            .isNotNull();
                    if (line.startsWith("data:")) {
                        events.add(
                                RunningAppliance.JSON.readTree(line.substring(5).trim()));
                    }
                }
                assertThat((System.nanoTime() - sent) / 1_000_000).isLessThan(2000);
                assertThat(events)
                        .extracting(e -> e.path("message").asText())
                        .containsExactly("tamper contact opened on enclosure 3", "tamper switch closed again");
                assertThat(events.get(0).path("id").asText()).startsWith("site-a:");
            }
            reader.interrupt();
        }
    }

    @Test
    void aBadQueryIsA400WithTheParserMessage() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            HttpResponse<String> r = triad.http.send(
                    HttpRequest.newBuilder(URI.create(
                                    triad.api() + "/tail?q=" + URLEncoder.encode("host:(door", StandardCharsets.UTF_8)))
                            .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"error\"");
        }
    }

    private static void send(OutputStream out, String host, String message) throws Exception {
        String line = "<131>1 " + Instant.now() + " " + host + " doorctl 77 - - " + message + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
    }
}
