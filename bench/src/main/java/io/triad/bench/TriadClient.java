package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A client of one running Triad: its ports come from {@code <data>/run.json}; requests are HTTP/1.1 (Grizzly
 * mishandles the h2c upgrade that {@link HttpClient} sends by default). Web API requests authenticate with the API
 * token in the environment variable {@code TRIAD_API_TOKEN} (Bearer), else as {@code admin} with the password in
 * {@code TRIAD_ADMIN_PASSWORD} (Basic); bench/lib.sh sets both.
 *
 * <p>NOTE: thread safe (the HTTP client is).
 */
final class TriadClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final long pid;
    private final Map<String, Integer> ports;
    private final @Nullable String authorization = authorization();

    private TriadClient(long pid, Map<String, Integer> ports) {
        this.pid = pid;
        this.ports = ports;
    }

    private static @Nullable String authorization() {
        String token = System.getenv("TRIAD_API_TOKEN");
        if (token != null && !token.isEmpty()) {
            return "Bearer " + token;
        }
        String password = System.getenv("TRIAD_ADMIN_PASSWORD");
        if (password != null && !password.isEmpty()) {
            return "Basic "
                    + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** Reads {@code <data>/run.json}. */
    static TriadClient fromRunFile(Path dataDir) throws IOException {
        JsonNode run = JSON.readTree(Files.readString(dataDir.resolve("run.json"), StandardCharsets.UTF_8));
        Map<String, Integer> ports = new LinkedHashMap<>();
        run.get("ports")
                .properties()
                .forEach(e -> ports.put(e.getKey(), e.getValue().asInt()));
        return new TriadClient(run.get("pid").asLong(), ports);
    }

    long pid() {
        return pid;
    }

    /** The bound port of {@code name} ({@code web}, {@code syslog-tcp}, ...). */
    int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("run.json has no port '" + name + "'; it has: " + ports.keySet());
        }
        return p;
    }

    /** GET of a web path with query parameters (encoded here); the body as JSON. */
    JsonNode get(String path, Map<String, String> params) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create("http://127.0.0.1:" + port("web") + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": expected status 200, got " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** GET of a web path with query parameters (encoded here); the body's bytes, unparsed. */
    byte[] getBytes(String path, Map<String, String> params) throws IOException, InterruptedException {
        return getBytes(path, params, Map.of());
    }

    /** {@link #getBytes(String, Map)} with request headers. */
    byte[] getBytes(String path, Map<String, String> params, Map<String, String> headers)
            throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create("http://127.0.0.1:" + port("web") + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": expected status 200, got " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** POSTs NDJSON lines to the bulk ingest endpoint; returns once Triad answered 200 (after its fsync). */
    void ingest(String ndjson) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port("otlp-http") + "/api/v1/ingest");
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("POST " + uri + ": expected status 200, got " + r.statusCode() + ": " + r.body());
        }
    }

    /** The peak resident set ({@code VmHWM}) of the Triad process in bytes, or -1 when /proc does not tell. */
    long peakResidentBytes() {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
