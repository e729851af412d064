package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.config.PeerSection;
import io.triad.appliance.config.TriadConfig;
import io.triad.failover.ClusterCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Three Triad processes on loopback as one cluster (site-a and site-b the data sites, the witness), with log
 * replication on or off, no components: the replication benchmark's system under test. The processes may be pinned
 * ({@code taskset -c}): site-a on core 0 (with the bench's clients, pinned there by {@code bench/replication.sh}),
 * site-b and the witness on core 1, so the two data sites do not share a core, as two machines would not.
 */
final class ReplicationCluster implements AutoCloseable {
    static final String A = "site-a";
    static final String B = "site-b";
    static final String WITNESS = "witness";
    static final List<String> SITES = List.of(A, B, WITNESS);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-replication-password";

    private final Path dir;
    private final List<String> triad;
    private final boolean pin;
    private final Map<String, Integer> webPorts = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private ReplicationCluster(Path dir, List<String> triad, boolean pin) {
        this.dir = dir;
        this.triad = triad;
        this.pin = pin;
    }

    /**
     * Writes the three sites' configurations under {@code dir} and starts them; returns once both data sites hold a
     * lease and, with replication, pull each other's events.
     *
     * @param triad the command that runs {@code io.triad.appliance.Main} (java, options, -cp, main class)
     */
    static ReplicationCluster start(Path dir, List<String> triad, boolean replication, boolean pin)
            throws IOException, GeneralSecurityException, InterruptedException {
        Files.createDirectories(dir);
        ClusterCertificates.init(
                dir.resolve("cluster-tls"), "triad-bench", SITES, Duration.ofDays(30), Clock.systemUTC());
        Map<String, Map<String, Integer>> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String s : SITES) {
                Map<String, Integer> p = new LinkedHashMap<>();
                for (String kind : List.of("web", "raft", "replication")) {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    p.put(kind, socket.getLocalPort());
                }
                ports.put(s, p);
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        ReplicationCluster c = new ReplicationCluster(dir, triad, pin);
        for (String s : SITES) {
            TriadConfig t = new TriadConfig();
            t.site = t.site.withId(s);
            t.site = t.site.withRole(s.equals(WITNESS) ? "witness" : "data");
            t.site = t.site.withCluster("triad-bench");
            t.data = dir.resolve(s).resolve("data").toString();
            t.web.bind = "127.0.0.1";
            t.web.port = port(ports, s, "web");
            t.web.httpsPort = -1;
            t.web.auth = t.web.auth.withAdminPassword(PASSWORD);
            t.inputs.bind = "127.0.0.1";
            t.inputs.syslog = t.inputs.syslog.withPort(0);
            t.inputs.syslog = t.inputs.syslog.withTlsEnabled(false);
            t.inputs.gelf = t.inputs.gelf.withPort(0);
            t.inputs.gelf = t.inputs.gelf.withHttpPort(0);
            t.inputs.otlp = t.inputs.otlp.withPort(0);
            t.licensing.emulatedDir = dir.resolve(s).resolve("dongle").toString();
            t.cluster.bind = "127.0.0.1";
            t.cluster.tlsDir = dir.resolve("cluster-tls").toString();
            t.replication = t.replication.withEnabled(replication);
            t.replication = t.replication.withPort(port(ports, s, "replication"));
            for (String peer : SITES) {
                t.cluster.peers.add(new PeerSection(
                        peer,
                        peer.equals(WITNESS) ? "witness" : "data",
                        "127.0.0.1",
                        port(ports, peer, "raft"),
                        port(ports, peer, "replication"),
                        null));
            }
            t.validate();
            Files.createDirectories(dir.resolve(s));
            Files.writeString(dir.resolve(s).resolve("triad.yaml"), t.toYaml(), StandardCharsets.UTF_8);
            c.webPorts.put(s, port(ports, s, "web"));
        }
        try {
            for (String s : SITES) {
                c.launch(s);
            }
            for (String s : List.of(A, B)) {
                c.awaitReady(s, replication, Duration.ofSeconds(180));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts a site's process (again, after a kill), its output appended to {@code <site>/triad.log}. */
    void launch(String site) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", site.equals(A) ? "0" : "1"));
        }
        cmd.addAll(triad);
        cmd.addAll(List.of(
                "start", "--config", dir.resolve(site).resolve("triad.yaml").toString()));
        Files.deleteIfExists(dir.resolve(site).resolve("data").resolve("run.json"));
        processes.put(
                site,
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                dir.resolve(site).resolve("triad.log").toFile()))
                        .start());
    }

    /** SIGKILL of a site's process. */
    void kill(String site) throws InterruptedException {
        Process p = process(site);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits until a data site answers its health, holds a lease and (with replication) pulls and is pulled. */
    void awaitReady(String site, boolean replication, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Process p = process(site);
            if (!p.isAlive()) {
                throw new IOException(site + " exited with " + p.exitValue() + "; see " + dir.resolve(site));
            }
            Optional<JsonNode> cluster = get(site, "/api/v1/cluster");
            Optional<JsonNode> health = get(site, "/api/v1/health");
            if (cluster.isPresent()
                    && cluster.get().path("lease").asBoolean(false)
                    && health.isPresent()
                    && (!replication
                            || health.get().path("replication").path("pulling").asBoolean()
                                    && health.get()
                                            .path("replication")
                                            .path("peerPulling")
                                            .asBoolean())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException(site + " was not ready within " + within + "; see " + dir.resolve(site));
    }

    /** The ingest URL of a data site's OTLP/HTTP port ({@code POST /api/v1/ingest}, NDJSON). */
    URI ingest(String site) throws IOException {
        JsonNode run = JSON.readTree(
                dir.resolve(site).resolve("data").resolve("run.json").toFile());
        return URI.create(
                "http://127.0.0.1:" + run.path("ports").path("otlp-http").asInt() + "/api/v1/ingest");
    }

    /** The {@code replication} detail of a site's health, or empty when it does not answer. */
    Optional<JsonNode> replication(String site) throws InterruptedException {
        return get(site, "/api/v1/health").map(h -> h.path("replication"));
    }

    /** A site's Prometheus exposition ({@code GET /metrics}). */
    String metrics(String site) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(site, "/metrics"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics of " + site + ": " + r.statusCode());
        }
        return r.body();
    }

    Optional<JsonNode> get(String site, String path) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request(site, path), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private HttpRequest request(String site, String path) {
        return HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + java.util.Objects.requireNonNull(webPorts.get(site), site) + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private Process process(String site) {
        Process p = processes.get(site);
        if (p == null) {
            throw new IllegalArgumentException("no process of " + site);
        }
        return p;
    }

    private static int port(Map<String, Map<String, Integer>> ports, String site, String kind) {
        Integer p = ports.getOrDefault(site, Map.of()).get(kind);
        if (p == null) {
            throw new IllegalArgumentException("no " + kind + " port of " + site);
        }
        return p;
    }

    /** The pid of a site's process. */
    long pid(String site) {
        return process(site).pid();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
