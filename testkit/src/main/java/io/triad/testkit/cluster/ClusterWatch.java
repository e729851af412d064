package io.triad.testkit.cluster;

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
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Follows one site's {@code /api/v1/cluster/watch} (server-sent events, one view in each event's {@code data} lines)
 * and hands every view to a listener with the site's id; connects again 200 ms after the stream ended or failed, so it
 * follows a site through a kill, a restart or a network cut.
 *
 * <p>NOTE: {@link #start} starts a daemon thread of its own, which calls the listener; {@link #close} ends it.
 */
public final class ClusterWatch implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String site;
    private final URI uri;
    private final HttpClient http;
    private final String authorization;
    private final BiConsumer<String, JsonNode> listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable InputStream body;

    private ClusterWatch(
            String site, URI base, HttpClient http, String authorization, BiConsumer<String, JsonNode> listener) {
        this.site = site;
        this.uri = base.resolve("/api/v1/cluster/watch");
        this.http = http;
        this.authorization = authorization;
        this.listener = listener;
        this.thread = new Thread(this::run, "cluster-watch-" + site);
        this.thread.setDaemon(true);
    }

    /** Starts following the site at {@code base} (its web root), sending {@code authorization}. */
    public static ClusterWatch start(
            String site, URI base, HttpClient http, String authorization, BiConsumer<String, JsonNode> listener) {
        ClusterWatch w = new ClusterWatch(site, base, http, authorization, listener);
        w.thread.start();
        return w;
    }

    private void run() {
        while (!closed) {
            try {
                HttpResponse<InputStream> r = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", authorization)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                body = r.body();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    StringBuilder data = new StringBuilder();
                    String line;
                    while (r.statusCode() == 200 && !closed && (line = in.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            data.append(line.substring(5).strip());
                        } else if (line.isEmpty() && data.length() > 0) {
                            listener.accept(site, JSON.readTree(data.toString()));
                            data.setLength(0);
                        }
                    }
                }
            } catch (IOException e) {
                // the site is down, not up yet, or the stream ended: connect again
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

    @Override
    public void close() throws InterruptedException {
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
        thread.join(2000);
    }
}
