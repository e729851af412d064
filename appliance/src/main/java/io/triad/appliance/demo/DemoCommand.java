package io.triad.appliance.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triad.appliance.config.ComponentSection;
import io.triad.appliance.config.DemoSection;
import io.triad.appliance.config.HealthSection;
import io.triad.appliance.config.HooksSection;
import io.triad.appliance.config.PeerSection;
import io.triad.appliance.config.ScrapeSection;
import io.triad.appliance.config.TriadConfig;
import io.triad.durable.DurableFiles;
import io.triad.failover.ClusterCertificates;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code triad demo}: the three sites on loopback, each its own process (so that a site can be killed with {@code kill
 * -9}), with the simulated backbone of {@link DemoBackbone} on the two data sites. It writes every site's
 * configuration under {@code DIR/<site>/triad.yaml}, the cluster's certificates under {@code DIR/cluster-tls}, starts
 * the sites, waits until the cluster has placed the components, writes {@code DIR/demo.json} ({@code {"sites": [{"id",
 * "role", "pid", "url", "ports": {"web", "syslog", "gelf", "otlp", "raft", "backbone"}}], "adminPassword", ...}}) and
 * stays in the foreground until Ctrl-C, which stops the sites. {@code triad demo kill SITE}, {@code triad demo restore
 * SITE}, {@code triad demo status} and {@code triad demo stop} act on a running demo from another terminal.
 */
@Command(
        name = "demo",
        description = "Run all three sites on loopback with a simulated backbone; kill and restore a site.",
        subcommands = {
            DemoControl.Kill.class,
            DemoControl.Restore.class,
            DemoControl.Status.class,
            DemoControl.Stop.class
        })
public final class DemoCommand implements Callable<Integer> {
    /** The sites of the demo, in order: the two data sites and the witness. */
    public static final List<String> SITES = List.of("site-a", "site-b", "witness");

    /** The components of the backbone and how the sites share them. */
    static final Map<String, String> COMPONENTS = componentModes();

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // --ports auto: where chosen ports start (below the kernel's ephemeral range), and the source of the picks
    private static final int FIRST_CHOSEN_PORT = 20_000;
    static final String EPHEMERAL_RANGE = "/proc/sys/net/ipv4/ip_local_port_range";
    private static final SecureRandom PORT_PICKS = new SecureRandom();

    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Option(names = "--data", description = "The demo's directory (default: ./demo-data)")
    Path data = Path.of("demo-data");

    @Option(
            names = "--ports",
            description =
                    "'fixed' (site-a's web on 8080, site-b's 8081, the witness' 8082, ...) or 'auto' (free ports)")
    String ports = "fixed";

    @Option(names = "--stabilization", description = "Seconds a returning site must be well before failback")
    int stabilization = 10;

    @Option(names = "--max-failovers-per-hour", description = "Failovers of one component before failback stops")
    int maxFailoversPerHour = 6;

    @Option(names = "--detach", description = "Start the sites and return (stop them with 'triad demo stop')")
    boolean detach;

    @Option(names = "--flows-per-second", description = "Alarm flows a second each data site originates")
    double flowsPerSecond = 2;

    private static Map<String, String> componentModes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BACKBONE", "active-active");
        m.put("EEP", "active-active");
        m.put("AAM", "active-standby");
        m.put("EAP", "active-standby");
        m.put("MSM", "active-active");
        m.put("GSM", "active-standby");
        return m;
    }

    private PrintWriter out() {
        return spec == null
                ? new PrintWriter(System.out, true, StandardCharsets.UTF_8)
                : spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
        Path dir = data.toAbsolutePath();
        Files.createDirectories(dir);
        Optional<JsonNode> running = readDemo(dir);
        if (running.isPresent() && anyAlive(running.get())) {
            throw new IllegalStateException(
                    "a demo already runs in " + dir + "; stop it with: triad demo stop --data " + data);
        }
        Layout layout = layout(dir);
        writeConfigs(dir, layout);
        ObjectNode demo = JSON.createObjectNode();
        demo.put("data", dir.toString());
        demo.put("adminUser", "admin");
        demo.put("adminPassword", layout.password());
        demo.put("electionTimeoutMinMillis", 150);
        demo.put("electionTimeoutMaxMillis", 300);
        demo.put("leaseTimeoutMillis", 1000);
        demo.put("stabilizationSeconds", stabilization);
        ArrayNode sites = demo.putArray("sites");
        for (String site : SITES) {
            long pid = launch(dir, site);
            ObjectNode s = sites.addObject();
            s.put("id", site);
            s.put("role", site.equals("witness") ? "witness" : "data");
            s.put("pid", pid);
            s.put("url", "http://127.0.0.1:" + layout.port(site, "web"));
            s.set("ports", JSON.valueToTree(layout.ports().getOrDefault(site, Map.of())));
            s.put("log", dir.resolve(site).resolve("triad.log").toString());
            s.put(
                    "hooks",
                    dir.resolve(site).resolve("data").resolve("hooks.log").toString());
        }
        writeDemo(dir, demo);
        PrintWriter out = out();
        out.println("triad demo: starting site-a, site-b and the witness in " + dir + " ...");
        out.flush();
        awaitPlaced(demo, Duration.ofSeconds(120));
        out.println();
        out.println("  site-a   " + url(demo, "site-a") + "    (data site)");
        out.println("  site-b   " + url(demo, "site-b") + "    (data site)");
        out.println("  witness  " + url(demo, "witness") + "    (votes only)");
        out.println("  log in as admin / " + layout.password());
        out.println();
        out.println("  kill a site:     ./triad demo kill site-a --data " + data + "      (kill -9 of its process)");
        out.println("  restore it:      ./triad demo restore site-a --data " + data);
        out.println("  break a module:  curl -X POST http://127.0.0.1:" + layout.port("site-a", "backbone")
                + "/fail/EAP   (and /recover/EAP)");
        out.println("  watch:           the Cluster page, or search 'app:triad-cluster' for failovers");
        out.println("  stop:            Ctrl-C, or ./triad demo stop --data " + data);
        out.flush();
        if (detach) {
            return 0;
        }
        Thread hook = new Thread(() -> stopAll(dir), "triad-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        while (true) {
            Thread.sleep(1000);
            Optional<JsonNode> now = readDemo(dir);
            if (now.isEmpty()) {
                return 0; // stopped from another terminal
            }
        }
    }

    // --- the layout

    /**
     * Every site's host (its Raft and backbone address, 127.0.0.1 for the demo itself) and ports, and the demo's admin
     * password.
     */
    public record Layout(Map<String, String> hosts, Map<String, Map<String, Integer>> ports, String password) {
        String host(String site) {
            String h = hosts.get(site);
            if (h == null) {
                throw new IllegalArgumentException("no host for " + site);
            }
            return h;
        }

        int port(String site, String kind) {
            Integer p = ports.getOrDefault(site, Map.of()).get(kind);
            if (p == null) {
                throw new IllegalArgumentException("no " + kind + " port for " + site);
            }
            return p;
        }
    }

    private Layout layout(Path dir) throws IOException {
        if (!ports.equals("fixed") && !ports.equals("auto")) {
            throw new IllegalArgumentException("--ports must be 'fixed' or 'auto'; got: '" + ports + "'");
        }
        Map<String, Map<String, Integer>> all = new LinkedHashMap<>();
        // auto: every probe socket stays open until all ports are chosen, so no two listeners get the same port
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < SITES.size(); i++) {
                Map<String, Integer> p = new LinkedHashMap<>();
                boolean fixed = ports.equals("fixed");
                p.put("web", fixed ? 8080 + i : freePort(held));
                p.put("syslog", fixed ? 5514 + i : freePort(held));
                p.put("gelf", fixed ? 12201 + 10 * i : freePort(held));
                p.put("gelfHttp", fixed ? 12202 + 10 * i : freePort(held));
                p.put("otlp", fixed ? 4318 + 10 * i : freePort(held));
                p.put("raft", fixed ? 7400 + 10 * i : freePort(held));
                p.put("replication", fixed ? 7401 + 10 * i : freePort(held));
                p.put("backbone", fixed ? 9100 + i : freePort(held));
                all.put(SITES.get(i), p);
            }
        } finally {
            for (ServerSocket h : held) {
                h.close();
            }
        }
        Path pw = dir.resolve("admin-password");
        String password;
        if (Files.exists(pw)) {
            password = Files.readString(pw, StandardCharsets.UTF_8).trim();
        } else {
            byte[] b = new byte[9];
            new SecureRandom().nextBytes(b);
            password = "demo-" + HexFormat.of().formatHex(b);
            DurableFiles.writeCreatingDirectories(pw, password.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> hosts = new LinkedHashMap<>();
        SITES.forEach(s -> hosts.put(s, "127.0.0.1"));
        return new Layout(hosts, all, password);
    }

    /**
     * A free loopback TCP port, its probe socket kept open in {@code held} until the caller closes them. Chosen below
     * the kernel's ephemeral range where that can be read: outgoing connections (the sites' Raft clients, anything
     * else on the machine) take their local ports from that range, and one of them took a chosen port before its site
     * bound it (a site restored after a kill -9 binds its ports again, too).
     */
    static int freePort(List<ServerSocket> held) throws IOException {
        int below = ephemeralStart();
        if (below > FIRST_CHOSEN_PORT + 1000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = FIRST_CHOSEN_PORT + PORT_PICKS.nextInt(below - FIRST_CHOSEN_PORT);
                ServerSocket s = new ServerSocket();
                try {
                    s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                    held.add(s);
                    return port;
                } catch (IOException taken) {
                    s.close();
                }
            }
        }
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        return s.getLocalPort();
    }

    /** The first port of Linux's ephemeral range, or 0 where it cannot be read. */
    static int ephemeralStart() {
        try {
            // by lines: Files.readString reads a /proc file as its reported size allows (one byte here)
            String range = Files.readAllLines(Path.of(EPHEMERAL_RANGE), StandardCharsets.UTF_8)
                    .getFirst();
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void writeConfigs(Path dir, Layout layout) throws IOException, GeneralSecurityException {
        Path tls = dir.resolve("cluster-tls");
        if (!Files.exists(tls.resolve("ca.crt"))) {
            ClusterCertificates.init(tls, "triad-demo", SITES, Duration.ofDays(3650), Clock.systemUTC());
        }
        for (String site : SITES) {
            TriadConfig c = siteConfig(dir, site, layout);
            c.validate();
            Files.createDirectories(dir.resolve(site));
            DurableFiles.writeCreatingDirectories(
                    dir.resolve(site).resolve("triad.yaml"), c.toYaml().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One site's configuration: its ports, the three peers, the components with hooks and health checks. */
    TriadConfig siteConfig(Path dir, String site, Layout layout) {
        return siteConfig(dir, site, layout, stabilization, maxFailoversPerHour, flowsPerSecond);
    }

    /**
     * One site's configuration as {@code triad demo} writes it (public for the tests that run the demo's sites their
     * own way, in network namespaces): its ports, the three peers at their hosts, the backbone's components with hooks
     * that append to {@code hooks.log} and health checks against the site's backbone on its loopback.
     */
    public static TriadConfig siteConfig(
            Path dir,
            String site,
            Layout layout,
            int stabilizationSeconds,
            int maxFailoversPerHour,
            double flowsPerSecond) {
        boolean witness = site.equals("witness");
        TriadConfig c = new TriadConfig();
        c.site = c.site.withId(site);
        c.site = c.site.withRole(witness ? "witness" : "data");
        c.site = c.site.withCluster("triad-demo");
        c.data = dir.resolve(site).resolve("data").toString();
        c.web.bind = "127.0.0.1";
        c.web.port = layout.port(site, "web");
        c.web.httpsPort = -1;
        c.web.auth = c.web.auth.withAdminPassword(layout.password());
        c.inputs.bind = "127.0.0.1";
        c.inputs.syslog = c.inputs.syslog.withPort(layout.port(site, "syslog"));
        c.inputs.syslog = c.inputs.syslog.withTlsEnabled(false);
        c.inputs.gelf = c.inputs.gelf.withPort(layout.port(site, "gelf"));
        c.inputs.gelf = c.inputs.gelf.withHttpPort(layout.port(site, "gelfHttp"));
        c.inputs.otlp = c.inputs.otlp.withPort(layout.port(site, "otlp"));
        c.index = c.index.withRamBufferMiB(32);
        c.metrics.resultsCacheMiB = 16;
        c.licensing.emulatedDir = dir.resolve(site).resolve("dongle").toString();
        c.cluster.bind = layout.host(site);
        c.cluster.tlsDir = dir.resolve("cluster-tls").toString();
        c.replication = c.replication.withPort(layout.port(site, "replication"));
        c.cluster.failover = c.cluster.failover.withStabilizationSeconds(stabilizationSeconds);
        c.cluster.failover = c.cluster.failover.withMaxFailoversPerHour(maxFailoversPerHour);
        for (String s : SITES) {
            c.cluster.peers.add(new PeerSection(
                    s,
                    s.equals("witness") ? "witness" : "data",
                    layout.host(s),
                    layout.port(s, "raft"),
                    layout.port(s, "replication"),
                    null));
        }
        int backbone = layout.port(site, "backbone");
        for (Map.Entry<String, String> e : COMPONENTS.entrySet()) {
            HealthSection d = new HealthSection();
            HealthSection health = new HealthSection(
                    witness ? "none" : "http",
                    witness ? "" : "http://127.0.0.1:" + backbone + "/health/" + e.getKey(),
                    500,
                    400,
                    d.rise(),
                    d.fall());
            String line = "echo \"$(date +%s%N) $TRIAD_HOOK $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLE"
                    + " $TRIAD_WEIGHT $TRIAD_EPOCH\" >> hooks.log";
            HooksSection hooks = new HooksSection(line, line, line, line, line, line, 10);
            c.cluster.components.add(new ComponentSection(e.getKey(), e.getValue(), "", health, hooks));
        }
        if (!witness) {
            List<String> peers = new ArrayList<>();
            for (String s : SITES) {
                if (!s.equals(site) && !s.equals("witness")) {
                    peers.add(s + "=http://" + layout.host(s) + ":" + layout.port(s, "backbone"));
                }
            }
            c.demo = new DemoSection(true, backbone, peers, flowsPerSecond, c.demo.apiUser(), layout.password());
            c.metrics.scrape.add(
                    new ScrapeSection("backbone", "http://127.0.0.1:" + backbone + "/metrics", "BACKBONE", "", 15, ""));
        }
        return c;
    }

    // --- the processes

    /** Starts a site's appliance as a process of its own, its output in {@code DIR/<site>/triad.log}. */
    static long launch(Path dir, String site) throws IOException {
        List<String> cmd = siteCommand(dir.resolve(site).resolve("triad.yaml"), List.of());
        File log = dir.resolve(site).resolve("triad.log").toFile();
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .directory(dir.resolve(site).toFile())
                .start();
        return p.pid();
    }

    /**
     * The command that starts a site's appliance on {@code config} with this JVM's {@code java}, class path (made
     * absolute) and native-access options, 512 MiB of heap and {@code jvmOptions} (public for the tests that start the
     * demo's sites their own way).
     */
    public static List<String> siteCommand(Path config, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg :
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx512m");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(absoluteClassPath(System.getProperty("java.class.path", "")));
        cmd.add("io.triad.appliance.Main");
        cmd.add("start");
        cmd.add("--config");
        cmd.add(config.toString());
        return cmd;
    }

    /** The class path with each entry made absolute: the site's process runs in its own directory. */
    static String absoluteClassPath(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            if (entry.isEmpty()) {
                continue;
            }
            // a trailing "*" (all jars of a directory) stays as it is, on an absolute directory
            if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                String parent = entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2);
                out.add(Path.of(parent).toAbsolutePath().normalize() + File.separator + "*");
            } else {
                out.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    static Optional<JsonNode> readDemo(Path dir) throws IOException {
        Path f = dir.resolve("demo.json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readTree(f.toFile()));
    }

    static void writeDemo(Path dir, JsonNode demo) throws IOException {
        DurableFiles.writeCreatingDirectories(dir.resolve("demo.json"), JSON.writeValueAsBytes(demo));
    }

    private static boolean anyAlive(JsonNode demo) {
        for (JsonNode s : demo.path("sites")) {
            if (ProcessHandle.of(s.path("pid").asLong())
                    .map(ProcessHandle::isAlive)
                    .orElse(false)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode site(JsonNode demo, String id) {
        for (JsonNode s : demo.path("sites")) {
            if (s.path("id").asText().equals(id)) {
                return (ObjectNode) s;
            }
        }
        throw new IllegalArgumentException("no site '" + id + "' in the demo; sites: " + SITES);
    }

    private static String url(JsonNode demo, String id) {
        return site(demo, id).path("url").asText();
    }

    /** {@code GET /api/v1/cluster} of a demo's site, as the demo's admin. */
    static final class ClusterApi {
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        private final String auth;

        ClusterApi(JsonNode demo) {
            auth = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString(
                                    ("admin:" + demo.path("adminPassword").asText()).getBytes(StandardCharsets.UTF_8));
        }

        /** The answer of the site of {@code demo.json}'s entry. */
        HttpResponse<String> cluster(JsonNode site) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(site.path("url").asText() + "/api/v1/cluster"))
                            .header("Authorization", auth)
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Waits until every site answers and a leader has placed every component with a primary or active site. */
    static void awaitPlaced(JsonNode demo, Duration within) throws IOException, InterruptedException {
        ClusterApi api = new ClusterApi(demo);
        long end = System.nanoTime() + within.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - end < 0) {
            boolean all = true;
            for (JsonNode s : demo.path("sites")) {
                try {
                    HttpResponse<String> r = api.cluster(s);
                    if (r.statusCode() != 200) {
                        all = false;
                        last = s.path("id").asText() + ": HTTP " + r.statusCode();
                        continue;
                    }
                    JsonNode c = JSON.readTree(r.body());
                    if (c.path("components").size() < COMPONENTS.size()) {
                        all = false;
                        last = s.path("id").asText() + ": "
                                + c.path("components").size() + " components placed";
                        continue;
                    }
                    for (JsonNode comp : c.path("components")) {
                        boolean serving = false;
                        for (JsonNode p : comp.path("placement")) {
                            String role = p.path("role").asText();
                            serving |= role.equals("primary")
                                    || (role.equals("active")
                                            && p.path("weight").asInt() > 0);
                        }
                        if (!serving) {
                            all = false;
                            last = comp.path("name").asText() + " not yet placed";
                        }
                    }
                } catch (IOException e) {
                    all = false;
                    last = s.path("id").asText() + ": " + e;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("the demo's sites did not place every component within " + within.toSeconds() + " s ("
                + last + "); see the sites' triad.log files");
    }

    static void stopAll(Path dir) {
        try {
            Optional<JsonNode> demo = readDemo(dir);
            if (demo.isEmpty()) {
                return;
            }
            List<ProcessHandle> procs = new ArrayList<>();
            for (JsonNode s : demo.get().path("sites")) {
                ProcessHandle.of(s.path("pid").asLong()).ifPresent(p -> {
                    p.destroy();
                    procs.add(p);
                });
            }
            for (ProcessHandle p : procs) {
                try {
                    p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
            Files.deleteIfExists(dir.resolve("demo.json"));
        } catch (IOException e) {
            System.err.println("triad demo: stopping failed: " + e);
        }
    }
}
