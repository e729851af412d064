package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Follows one site's {@code GET /api/v1/cluster/watch} (Server-Sent Events, one {@code cluster} event per state) and
 * hands every state to a listener. When the site is killed the stream ends; the watch connects again every 200 ms
 * until the site is back or the watch is closed.
 *
 * <p>NOTE: one daemon thread per watch. Lifecycle: {@link #start()} once, {@link #close()} idempotent.
 */
final class FailoverWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String site;
    private final URI uri;
    private final String authorization;
    private final BiConsumer<String, JsonNode> listener;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build();
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable InputStream body;

    FailoverWatch(String site, URI base, String authorization, BiConsumer<String, JsonNode> listener) {
        this.site = site;
        this.uri = base.resolve("/api/v1/cluster/watch");
        this.authorization = authorization;
        this.listener = listener;
        this.thread = new Thread(this::run, "failover-watch-" + site);
        this.thread.setDaemon(true);
    }

    FailoverWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        while (!closed) {
            try {
                HttpResponse<InputStream> r = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", authorization)
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                body = r.body();
                if (r.statusCode() == 200) {
                    read(r.body());
                }
                r.body().close();
            } catch (IOException e) {
                // the site is down or restarting: connect again
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(InputStream in) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while (!closed && (line = r.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && data.length() > 0) {
                    listener.accept(site, JSON.readTree(data.toString()));
                    data.setLength(0);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
