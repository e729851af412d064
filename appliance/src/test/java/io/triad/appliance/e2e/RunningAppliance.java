package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.Appliance;
import io.triad.appliance.config.TriadConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * An appliance started in this JVM on loopback with ephemeral ports, and a client of its HTTP API that authenticates
 * as the first admin ({@link #ADMIN_PASSWORD}, set by {@link #loopbackConfig}).
 */
final class RunningAppliance implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The password of the first admin, {@code admin}, of every appliance these tests start. */
    static final String ADMIN_PASSWORD = "e2e-admin-password";

    final Appliance appliance;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RunningAppliance(Appliance appliance) {
        this.appliance = appliance;
    }

    /** Every port 0 on 127.0.0.1, data under {@code dir}. */
    static TriadConfig loopbackConfig(Path dir) {
        TriadConfig c = new TriadConfig();
        c.data = dir.toString();
        c.web.bind = "127.0.0.1";
        c.web.port = 0;
        c.web.httpsPort = 0;
        c.web.auth = c.web.auth.withAdminPassword(ADMIN_PASSWORD);
        c.inputs.bind = "127.0.0.1";
        c.inputs.syslog = c.inputs.syslog.withPort(0);
        c.inputs.syslog = c.inputs.syslog.withTlsPort(0);
        c.inputs.gelf = c.inputs.gelf.withPort(0);
        c.inputs.gelf = c.inputs.gelf.withHttpPort(0);
        c.inputs.otlp = c.inputs.otlp.withPort(0);
        c.index = c.index.withRefreshMillis(200);
        c.index = c.index.withCommitSeconds(1);
        return c;
    }

    static RunningAppliance start(Path dir) throws Exception {
        return start(loopbackConfig(dir));
    }

    static RunningAppliance start(TriadConfig config) throws Exception {
        return new RunningAppliance(Appliance.start(config.validate(), Clock.systemUTC()));
    }

    int port(String name) {
        return appliance.port(name);
    }

    String api() {
        return "http://127.0.0.1:" + port("web") + "/api/v1";
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api() + pathAndQuery))
                        .header("Authorization", basic("admin", ADMIN_PASSWORD))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** {@code GET /api/v1/cluster}, for conditions in lambdas: its failures unchecked. */
    JsonNode cluster() {
        try {
            return get("/cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code GET /api/v1/cluster} every 100 ms until {@code done}, failing after {@code within}. */
    JsonNode awaitCluster(Predicate<JsonNode> done, String what, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get("/cluster");
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the cluster never had " + what + "; last: " + last);
    }

    /** POSTs {@code body} to the API as the first admin; the answer, whatever its status. */
    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(api() + path))
                        .header("Authorization", basic("admin", ADMIN_PASSWORD))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** POSTs a JSON document to the API as the first admin; the answer, whatever its status. */
    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /metrics} (the Prometheus text format) as the first admin; the answer, whatever its status. */
    HttpResponse<String> metrics() throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("web") + "/metrics"))
                        .header("Authorization", basic("admin", ADMIN_PASSWORD))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The {@code Authorization} header value of Basic credentials. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Searches the last day (and the next hour) with up to {@code limit} hits, newest first. */
    JsonNode search(String q, int limit) throws IOException, InterruptedException {
        return get("/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&from=now-1d&to=now%2B1h&limit="
                + limit);
    }

    /** The exact number of events matching {@code q} in the last day (histograms count exactly). */
    long count(String q) throws IOException, InterruptedException {
        return get("/search/histogram?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&from=now-1d&to=now%2B1h")
                .path("total")
                .asLong();
    }

    /**
     * Polls until exactly-counted hits of {@code q} reach {@code expected}, failing after {@code timeout}; returns the
     * first page (up to 1000 hits, newest first).
     */
    JsonNode awaitHits(String q, int expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count(q);
            if (last >= expected) {
                return search(q, Math.min(Math.max(expected, 10), 1000));
            }
            Thread.sleep(100);
        }
        return fail("expected " + expected + " hits for '" + q + "' within " + timeout + "; last count: " + last);
    }

    @Override
    public void close() {
        appliance.close();
    }
}
