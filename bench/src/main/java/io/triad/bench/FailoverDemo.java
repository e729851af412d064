package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code triad demo} of the failover benchmark, driven through the demo's own commands run from the copied
 * distribution: {@code triad demo --detach} (three site processes; it returns once every component is placed), {@code
 * triad demo restore SITE} and {@code triad demo stop}. The bench kills a site itself ({@link #kill}), and reads the
 * demo's {@code demo.json} (pids, URLs, hooks.log paths, the admin's password) and each site's placement API.
 *
 * <p>NOTE: not thread safe; the bench's main thread owns it.
 */
final class FailoverDemo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<String> triad;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build();
    private JsonNode demo;

    private FailoverDemo(Path dir, List<String> triad, Path log, JsonNode demo) {
        this.dir = dir;
        this.triad = List.copyOf(triad);
        this.log = log;
        this.demo = demo;
    }

    /**
     * Runs {@code triad demo --data DIR --ports auto --detach --stabilization S --max-failovers-per-hour 1000}.
     *
     * @param triad the command line that runs {@code io.triad.appliance.Main} (java, its options, -cp, main class)
     * @param log where the demo commands' output goes (appended)
     */
    static FailoverDemo start(Path dir, List<String> triad, Path log, int stabilizationSeconds)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "demo",
                "--data",
                dir.toString(),
                "--ports",
                "auto",
                "--detach",
                "--stabilization",
                Integer.toString(stabilizationSeconds),
                "--max-failovers-per-hour",
                "1000"));
        Process p = launch(triad, args, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        boolean checked = false;
        while (p.isAlive() && System.nanoTime() - deadline < 0) {
            Path f = dir.resolve("demo.json");
            if (!checked && Files.exists(f)) {
                JsonNode demo = JSON.readTree(f.toFile());
                checked = true;
                String twice = duplicatePort(demo);
                if (!twice.isEmpty()) {
                    p.destroyForcibly();
                    for (JsonNode s : demo.path("sites")) {
                        ProcessHandle.of(s.path("pid").asLong()).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    throw new PortCollisionException(
                            "the demo in " + dir + " gave one port to two listeners: " + twice);
                }
            }
            p.waitFor(200, TimeUnit.MILLISECONDS);
        }
        finish(p, args, log, Duration.ofMillis(1));
        return new FailoverDemo(
                dir, triad, log, JSON.readTree(dir.resolve("demo.json").toFile()));
    }

    /** {@code triad demo --ports auto} picked one free port for two listeners (its picks are not kept apart). */
    static final class PortCollisionException extends IOException {
        private static final long serialVersionUID = 1L;

        PortCollisionException(String message) {
            super(message);
        }
    }

    /** A port demo.json names twice ({@code site/kind and site/kind: port}), or empty. */
    static String duplicatePort(JsonNode demo) {
        java.util.Map<Integer, String> seen = new java.util.HashMap<>();
        for (JsonNode s : demo.path("sites")) {
            var it = s.path("ports").properties().iterator();
            while (it.hasNext()) {
                var e = it.next();
                String what = s.path("id").asText() + "/" + e.getKey();
                String before = seen.putIfAbsent(e.getValue().asInt(), what);
                if (before != null) {
                    return before + " and " + what + ": " + e.getValue().asInt();
                }
            }
        }
        return "";
    }

    private static void run(List<String> triad, List<String> args, Path log, Duration within)
            throws IOException, InterruptedException {
        finish(launch(triad, args, log), args, log, within);
    }

    private static Process launch(List<String> triad, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(triad);
        cmd.addAll(args);
        Files.writeString(
                log,
                Instant.now() + " $ triad " + String.join(" ", args) + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static void finish(Process p, List<String> args, Path log, Duration within)
            throws IOException, InterruptedException {
        if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(
                    "triad " + String.join(" ", args) + " did not end within " + within.toSeconds() + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("triad " + String.join(" ", args) + " exited with " + p.exitValue() + "; see " + log);
        }
    }

    Path dir() {
        return dir;
    }

    /** The data sites' ids, in the demo's order. */
    List<String> dataSites() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : demo.path("sites")) {
            if (s.path("role").asText().equals("data")) {
                out.add(s.path("id").asText());
            }
        }
        return out;
    }

    List<String> sites() {
        List<String> out = new ArrayList<>();
        demo.path("sites").forEach(s -> out.add(s.path("id").asText()));
        return out;
    }

    private JsonNode site(String id) {
        for (JsonNode s : demo.path("sites")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no site '" + id + "' in " + dir.resolve("demo.json"));
    }

    long pid(String site) {
        return site(site).path("pid").asLong();
    }

    URI url(String site) {
        return URI.create(site(site).path("url").asText());
    }

    Path hooksLog(String site) {
        return Path.of(site(site).path("hooks").asText());
    }

    /** The last line a site's process wrote to its triad.log (why it exited, when it did). */
    String lastLogLine(String site) {
        try {
            List<String> lines =
                    Files.readAllLines(Path.of(site(site).path("log").asText()), StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
            return "(its log is empty)";
        } catch (IOException e) {
            return "(its log cannot be read: " + e + ")";
        }
    }

    /** A number of demo.json, such as {@code electionTimeoutMinMillis}. */
    long setting(String name) {
        return demo.path(name).asLong(-1);
    }

    String authorization() {
        String user = demo.path("adminUser").asText("admin");
        String password = demo.path("adminPassword").asText();
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /api/v1/cluster} of a site, or empty when it does not answer 200 within 2 s. */
    Optional<JsonNode> cluster(String site) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(url(site).resolve("/api/v1/cluster"))
                            .header("Authorization", authorization())
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * SIGKILL of a site's process; the time (epoch nanos, wall clock like the hooks' {@code date +%s%N}) is taken
     * immediately before the signal.
     */
    long kill(String site) throws IOException, InterruptedException {
        long pid = pid(site);
        ProcessHandle p = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IOException(site + " (pid " + pid + ") does not run"));
        Instant now = Instant.now();
        p.destroyForcibly(); // kill(pid, SIGKILL)
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(site + " (pid " + pid + ") still runs 10 s after SIGKILL", e);
        }
        return epochNanos(now);
    }

    /**
     * {@code triad demo restore SITE}; returns when the site's new process started (epoch nanos, from the kernel's
     * start time of the process, so without the restore command's own JVM start).
     */
    long restore(String site) throws IOException, InterruptedException {
        run(triad, List.of("demo", "restore", site, "--data", dir.toString()), log, Duration.ofSeconds(60));
        demo = JSON.readTree(dir.resolve("demo.json").toFile());
        long pid = pid(site);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return startNanos(pid);
        }
        throw new IOException("the restored " + site + " (pid " + pid + ") does not run");
    }

    /**
     * When a process started, in epoch nanos, to about 10 ms: its start in clock ticks since boot ({@code
     * /proc/<pid>/stat}, field 22, 100 ticks a second) plus the boot time as now minus {@code /proc/uptime}. ({@link
     * ProcessHandle.Info#startInstant()} adds the boot time of {@code /proc/stat}, whole seconds, so it may be up to a
     * second off.)
     */
    static long startNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(after[22 - 3]);
        String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.UTF_8)
                .split(" ")[0];
        long now = epochNanos(Instant.now());
        long boot = now - new java.math.BigDecimal(uptime).movePointRight(9).longValueExact();
        return boot + ticks * 10_000_000L;
    }

    /** {@code triad demo stop} (SIGTERM, SIGKILL after 20 s); returns when it was sent (epoch nanos). */
    long stop() throws IOException, InterruptedException {
        long at = epochNanos(Instant.now());
        run(triad, List.of("demo", "stop", "--data", dir.toString()), log, Duration.ofSeconds(90));
        return at;
    }

    /** Kills whatever of this demo still runs (after a failure). */
    void killAll() {
        for (JsonNode s : demo.path("sites")) {
            ProcessHandle.of(s.path("pid").asLong()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
