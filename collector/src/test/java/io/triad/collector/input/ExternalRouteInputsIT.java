package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@link ExternalHttpRoute} served by {@link Inputs} on the OTLP/HTTP port, beside the log endpoints. */
class ExternalRouteInputsIT {
    @TempDir
    Path dir;

    @Test
    void servesTheRouteOnAWorkerThreadBesideTheLogEndpoints() throws Exception {
        ExternalHttpRoute echo = new ExternalHttpRoute() {
            @Override
            public String path() {
                return "/echo";
            }

            @Override
            public String input() {
                return "echo";
            }

            @Override
            public Set<String> contentTypes() {
                return Set.of("text/plain");
            }

            @Override
            public Reply handle(Request r) {
                String body = new String(r.body(), StandardCharsets.UTF_8);
                return Reply.text(
                        200,
                        body + " from " + r.senderAddress() + " on "
                                + Thread.currentThread().getName());
            }
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Inputs inputs = new Inputs(
                InputsConfig.loopback("site-a", dir), new RecordingSink(), registry, Clock.systemUTC(), List.of(echo));
        try {
            inputs.start();
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + inputs.port(InputsConfig.OTLP_HTTP));

            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(base.resolve("/echo"))
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString("hello"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("hello from 127.0.0.1 on triad-input-route");

            HttpResponse<String> unknown = http.send(
                    HttpRequest.newBuilder(base.resolve("/nope"))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("POST /echo").contains("POST /v1/logs");
            assertThat(registry.get("triad.input.bytes")
                            .tag("input", "echo")
                            .counter()
                            .count())
                    .isEqualTo(5);
        } finally {
            inputs.close();
        }
    }
}
