package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.demo.DemoBackbone;
import io.triad.appliance.e2e.DemoFailoverIT.HookLine;
import io.triad.appliance.e2e.DemoFailoverIT.PrimaryChecker;
import io.triad.appliance.failover.ClusterCertificates;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three sites as three processes, each in its own Linux network namespace ({@link NetworkNamespaces}: veth pairs
 * to a bridge in the root namespace), Raft between the namespaces' addresses, the demo's backbone components on the
 * data sites. The data site that is primary of EAP is cut off from both peers with blackhole routes (in its namespace
 * and in theirs; its process keeps running and the bridge to the test stays up): it loses its lease and demotes
 * itself before the majority promotes the other data site, which takes over within 3 s of the cut; the majority marks
 * it down. After the heal it rejoins, and the components it had come back to it only after the stabilization period.
 * Throughout, the three sites' watch streams and, at the end, the hooks' record are checked for two primaries of one
 * component ({@link PrimaryChecker}); the witness runs nothing.
 *
 * <p>Skipped (with the reason) where network namespaces cannot be made: not Linux, not root, no {@code ip}, or the
 * kernel refuses a namespace, a bridge or a veth pair. The kernel's {@code sch_netem} is not needed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsFailoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "triad-netns";
    private static final String PASSWORD = "netns-admin-password";
    private static final List<String> SITES = List.of("site-a", "site-b", "witness");
    private static final Map<String, String> MEMBER = Map.of("site-a", "a", "site-b", "b", "witness", "w");
    private static final List<String> ACTIVE_ACTIVE = List.of("BACKBONE", "EEP", "MSM");
    private static final int STABILIZATION_SECONDS = 3;
    private static final long FAILOVER_BAR_MILLIS = 3000;
    private static final int LEASE_MILLIS = 1000;
    // every namespace has its own ports, so every site uses the same ones
    private static final int WEB = 8080;
    private static final int RAFT = 7400;
    private static final int BACKBONE = 9100;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    static final String AUTHORIZATION =
            "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final PrimaryChecker CHECKER = new PrimaryChecker();
    static final List<Watch> WATCHES = new ArrayList<>();
    static final Map<String, Process> PROCESSES = new LinkedHashMap<>();
    static @Nullable NetworkNamespaces net;
    static long classStartNanos;
    static Map<String, String> home = Map.of();
    static String victim = "";
    static String survivor = "";
    static List<String> moved = List.of();
    static List<String> others = List.of();
    static long cutNanos;

    @BeforeAll
    static void startSitesInTheirNamespaces() throws Exception {
        classStartNanos = System.nanoTime();
        Optional<String> why = NetworkNamespaces.unavailable();
        assumeTrue(why.isEmpty(), () -> "NetnsFailoverIT skipped: " + why.orElse(""));
        List<String> leftovers = NetworkNamespaces.removeLeftovers();
        if (!leftovers.isEmpty()) {
            log("removed leftovers of earlier runs: " + leftovers);
        }
        try {
            net = NetworkNamespaces.create(List.of("a", "b", "w"));
        } catch (NetworkNamespaces.Unavailable e) {
            assumeTrue(
                    false,
                    "NetnsFailoverIT skipped: this machine does not allow network namespaces: " + e.getMessage());
        }
        log("namespaces " + net().namespace("a") + ", " + net().namespace("b") + ", " + net().namespace("w")
                + " at " + address("site-a") + ", " + address("site-b") + ", " + address("witness") + "; data in "
                + dir);

        ClusterCertificates.init(dir.resolve("cluster-tls"), CLUSTER, SITES, Duration.ofDays(30), Clock.systemUTC());
        for (String site : SITES) {
            TriadConfig c = siteConfig(site);
            c.validate();
            Files.createDirectories(dir.resolve(site));
            Files.writeString(dir.resolve(site).resolve("triad.yaml"), c.toYaml(), StandardCharsets.UTF_8);
        }
        for (String site : SITES) {
            PROCESSES.put(site, launch(site));
        }
        for (String site : SITES) {
            Watch w = new Watch(site, URI.create(url(site)));
            WATCHES.add(w);
            w.start();
        }
    }

    @AfterAll
    static void stopAndRemoveEverything() throws Exception {
        for (Watch w : WATCHES) {
            w.close();
        }
        for (Process p : PROCESSES.values()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        NetworkNamespaces n = net;
        if (n != null) {
            n.close(); // also kills whatever still runs in a namespace
        }
        log("class took " + (System.nanoTime() - classStartNanos) / 1_000_000 + " ms");
    }

    @Test
    @Order(1)
    void aLeaderPlacesEveryComponentWithEverySiteUp() throws Exception {
        JsonNode view = awaitView(
                "site-a",
                v -> !v.path("leader").asText().isEmpty()
                        && DemoFailoverIT.settled(v, null).isEmpty(),
                Duration.ofSeconds(75));
        assertThat(DemoFailoverIT.settled(view, null))
                .as("site-a's view (logs in %s)", dir)
                .isEmpty();
        assertThat(view.path("leader").asText()).isIn(SITES);
        home = DemoFailoverIT.primaries(view);
        assertThat(home).containsKeys("AAM", "EAP", "GSM");
        log("placed after " + (System.nanoTime() - classStartNanos) / 1_000_000 + " ms: leader "
                + view.path("leader").asText() + ", primaries " + home);
    }

    @Test
    @Order(2)
    void cutOffPrimaryFencesItselfBeforeTheOtherDataSiteIsPromoted() throws Exception {
        assertThat(home).as("the first placement (the test before)").containsKey("EAP");
        victim = home.get("EAP");
        survivor = victim.equals("site-a") ? "site-b" : "site-a";
        List<String> m = new ArrayList<>();
        home.forEach((c, s) -> {
            if (s.equals(victim)) {
                m.add(c);
            }
        });
        moved = List.copyOf(m);
        others = List.of(MEMBER.get(survivor), MEMBER.get("witness"));
        JsonNode before = get(victim);

        cutNanos = epochNanos(Instant.now());
        net().cut(MEMBER.get(victim), others);
        long cutTook = (epochNanos(Instant.now()) - cutNanos) / 1_000_000;

        Map<String, Long> demoted = new TreeMap<>(); // component -> epoch nanos of the victim's demote hook
        Map<String, Long> promoted = new TreeMap<>(); // component -> epoch nanos of the survivor's promote hook
        Map<String, Long> weighted = new TreeMap<>(); // active-active component -> the survivor's set-weight 100
        long leaseLost = 0;
        JsonNode fenced = before;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while ((demoted.size() < moved.size()
                        || promoted.size() < moved.size()
                        || weighted.size() < ACTIVE_ACTIVE.size()
                        || leaseLost == 0)
                && System.nanoTime() - deadline < 0) {
            if (leaseLost == 0) {
                Optional<JsonNode> v = tryGet(victim, "/api/v1/cluster");
                if (v.isPresent()) {
                    CHECKER.observe(victim, v.get());
                    if (!v.get().path("lease").asBoolean(true)) {
                        leaseLost = epochNanos(Instant.now());
                        fenced = v.get();
                    }
                }
            }
            List<HookLine> mine = HookLine.read(hooksLog(victim));
            List<HookLine> theirs = HookLine.read(hooksLog(survivor));
            for (String c : moved) {
                HookLine.first(mine, cutNanos, "demote", c, l -> true).ifPresent(l -> demoted.put(c, l.nanos()));
                HookLine.first(theirs, cutNanos, "promote", c, l -> true).ifPresent(l -> promoted.put(c, l.nanos()));
            }
            for (String c : ACTIVE_ACTIVE) {
                HookLine.first(theirs, cutNanos, "set-weight", c, l -> l.weight() == 100)
                        .ifPresent(l -> weighted.put(c, l.nanos()));
            }
            Thread.sleep(20);
        }
        Map<String, String> timeline = new TreeMap<>();
        demoted.forEach((c, t) -> timeline.put(c + " demoted on " + victim, ms(t - cutNanos)));
        promoted.forEach((c, t) -> timeline.put(c + " promoted on " + survivor, ms(t - cutNanos)));
        weighted.forEach((c, t) -> timeline.put(c + " 100 % on " + survivor, ms(t - cutNanos)));
        log("cut " + victim + " off (4 blackhole routes in " + cutTook + " ms); from the cut: " + victim
                + " lost its lease after " + (leaseLost == 0 ? "(never)" : ms(leaseLost - cutNanos)) + ", "
                + timeline);

        assertThat(PROCESSES.get(victim).isAlive())
                .as("the cut-off %s still runs", victim)
                .isTrue();
        assertThat(leaseLost)
                .as("%s's own view shows its lease lost: %s", victim, fenced)
                .isPositive();
        assertThat((leaseLost - cutNanos) / 1_000_000)
                .as("from the cut to %s's view showing no lease (ms)", victim)
                .isLessThanOrEqualTo(LEASE_MILLIS + 500L);
        assertThat(demoted.keySet())
                .as("the cut-off %s demoted itself (hooks after the cut, ms): %s; logs in %s", victim, timeline, dir)
                .containsExactlyInAnyOrderElementsOf(moved);
        assertThat(promoted.keySet())
                .as("%s promoted (hooks after the cut, ms): %s", survivor, timeline)
                .containsExactlyInAnyOrderElementsOf(moved);
        for (String c : moved) {
            assertThat(demoted.get(c))
                    .as(
                            "%s: the cut-off %s's demote hook (%s ms after the cut) comes before %s's promote hook"
                                    + " (%s ms); logs in %s",
                            c, victim, ms(demoted.get(c) - cutNanos), survivor, ms(promoted.get(c) - cutNanos), dir)
                    .isLessThan(promoted.get(c));
            assertThat((promoted.get(c) - cutNanos) / 1_000_000)
                    .as("from the cut to %s's promotion of %s (ms)", survivor, c)
                    .isLessThanOrEqualTo(FAILOVER_BAR_MILLIS);
        }
        assertThat(weighted.keySet())
                .as("%s serves every active-active component alone: %s", survivor, timeline)
                .containsExactlyInAnyOrderElementsOf(ACTIVE_ACTIVE);

        for (String s : List.of(survivor, "witness")) {
            JsonNode view = awaitView(s, v -> victim.equals(DemoFailoverIT.stateDown(v)), Duration.ofSeconds(10));
            assertThat(DemoFailoverIT.stateDown(view))
                    .as("%s sees %s", s, victim)
                    .isEqualTo(victim);
        }
        JsonNode majority = awaitView(
                survivor,
                v -> DemoFailoverIT.primaries(v).values().stream().allMatch(survivor::equals),
                Duration.ofSeconds(5));
        assertThat(DemoFailoverIT.primaries(majority).values()).containsOnly(survivor);
        // the cut-off site cannot learn of the promotion: its state stays at the epoch before
        JsonNode stale = get(victim);
        assertThat(stale.path("lease").asBoolean(true)).as("%s's lease", victim).isFalse();
        assertThat(stale.path("epoch").asLong())
                .as("%s's epoch while cut off, the majority's %s", victim, majority.path("epoch"))
                .isLessThan(majority.path("epoch").asLong());
        // ... but its own agent's roles show that it fenced itself: nothing it serves is primary any more
        assertThat(stale.path("agent").isObject())
                .as("%s's agent roles: %s", victim, stale)
                .isTrue();
        stale.path("agent")
                .properties()
                .forEach(e -> assertThat(e.getValue().asText())
                        .as("%s's agent runs %s as", victim, e.getKey())
                        .isNotEqualTo("primary"));
    }

    @Test
    @Order(3)
    void healedSiteRejoinsAndGetsItsComponentsBackAfterTheStabilization() throws Exception {
        assertThat(others).as("a site cut off (the test before)").isNotEmpty();
        long healNanos = epochNanos(Instant.now());
        net().heal(MEMBER.get(victim), others);
        assertThat(net().blackholes()).isEmpty();

        JsonNode up = awaitView(survivor, v -> DemoFailoverIT.stateDown(v).isEmpty(), Duration.ofSeconds(20));
        assertThat(DemoFailoverIT.stateDown(up))
                .as("%s's view after the heal", survivor)
                .isEmpty();
        JsonNode rejoined = awaitView(
                victim,
                v -> v.path("lease").asBoolean(false)
                        && v.path("epoch").asLong() >= up.path("epoch").asLong(),
                Duration.ofSeconds(20));
        assertThat(rejoined.path("lease").asBoolean(false))
                .as("%s holds a lease again", victim)
                .isTrue();
        long rejoinedNanos = epochNanos(Instant.now());

        for (String s : List.of("site-a", "site-b")) {
            JsonNode view = awaitView(s, v -> DemoFailoverIT.settled(v, home).isEmpty(), Duration.ofSeconds(45));
            assertThat(DemoFailoverIT.settled(view, home))
                    .as("placement on %s", s)
                    .isEmpty();
        }
        Instant markedUp = null;
        for (JsonNode e : getPath(survivor, "/api/v1/cluster/history?limit=500").path("events")) {
            if (markedUp == null
                    && e.path("type").asText().equals("site-state")
                    && e.path("site").asText().equals(victim)
                    && e.path("detail").asText().endsWith("-> UP")) {
                markedUp = Instant.parse(e.path("at").asText()); // the newest comes first
            }
        }
        assertThat(markedUp).as("a site-state event: %s up again", victim).isNotNull();
        long upNanos = epochNanos(markedUp);
        assertThat(upNanos).isGreaterThan(healNanos);
        List<HookLine> lines = HookLine.read(hooksLog(victim));
        Map<String, String> failback = new TreeMap<>();
        for (String c : moved) {
            Optional<HookLine> promote = HookLine.first(lines, healNanos, "promote", c, l -> true);
            assertThat(promote).as("%s promoted again on %s", c, victim).isPresent();
            failback.put(c, ms(promote.get().nanos() - upNanos));
            assertThat(Duration.ofNanos(promote.get().nanos() - upNanos))
                    .as("from %s marked up to its promotion of %s", victim, c)
                    .isGreaterThanOrEqualTo(
                            Duration.ofSeconds(STABILIZATION_SECONDS).minusMillis(100));
        }
        log("healed: " + victim + " marked up " + ms(upNanos - healNanos) + " ms after the heal, its lease back (as"
                + " polled) after " + ms(rejoinedNanos - healNanos) + " ms; failback, from marked up: " + failback);
    }

    @Test
    @Order(4)
    void neverTwoPrimariesOfOneComponentAndTheWitnessRunsNothing() throws Exception {
        Map<String, List<HookLine>> hooks = new LinkedHashMap<>();
        for (String s : List.of("site-a", "site-b")) {
            hooks.put(s, HookLine.read(hooksLog(s)));
        }
        CHECKER.checkHooks(hooks, Map.of(), epochNanos(Instant.now()));
        assertThat(HookLine.read(hooksLog("witness"))).as("the witness's hooks").isEmpty();
        assertThat(CHECKER.states()).as("states checked, by site").containsKeys("site-a", "site-b", "witness");
        // at least: every first primary, the survivor's turns after the cut, the failbacks
        assertThat(CHECKER.intervals())
                .as("primary intervals from the hooks")
                .isGreaterThanOrEqualTo(home.size() + 2L * moved.size());
        assertThat(CHECKER.violations()).as("logs in %s", dir).isEmpty();
        log("checked " + CHECKER.states() + " states and " + CHECKER.intervals() + " primary intervals");
    }

    // --- the sites

    static NetworkNamespaces net() {
        NetworkNamespaces n = net;
        if (n == null) {
            throw new IllegalStateException("no network namespaces");
        }
        return n;
    }

    static String address(String site) {
        return net().address(MEMBER.get(site));
    }

    static String url(String site) {
        return "http://" + address(site) + ":" + WEB;
    }

    static Path hooksLog(String site) {
        return dir.resolve(site).resolve("data").resolve("hooks.log");
    }

    /** A site's configuration as {@code triad demo} writes it, on its namespace's address instead of loopback. */
    static TriadConfig siteConfig(String site) {
        boolean witness = site.equals("witness");
        TriadConfig c = new TriadConfig();
        c.site.id = site;
        c.site.role = witness ? "witness" : "data";
        c.site.cluster = CLUSTER;
        c.data = dir.resolve(site).resolve("data").toString();
        // all of the namespace's addresses: its eth0 for the test, its loopback for the demo backbone's watch
        c.web.bind = "0.0.0.0";
        c.web.port = WEB;
        c.web.httpsPort = -1;
        c.web.auth.adminPassword = PASSWORD;
        c.inputs.bind = "127.0.0.1";
        c.inputs.syslog.port = 5514;
        c.inputs.syslog.tlsEnabled = false;
        c.inputs.gelf.port = 12201;
        c.inputs.gelf.httpPort = 12202;
        c.inputs.otlp.port = 4318;
        c.index.ramBufferMiB = 32;
        c.metrics.resultsCacheMiB = 16;
        c.licensing.emulatedDir = dir.resolve(site).resolve("dongle").toString();
        c.cluster.bind = address(site);
        c.cluster.tlsDir = dir.resolve("cluster-tls").toString();
        c.cluster.leaseTimeoutMillis = LEASE_MILLIS;
        c.cluster.failover.stabilizationSeconds = STABILIZATION_SECONDS;
        c.cluster.failover.maxFailoversPerHour = 1000;
        for (String s : SITES) {
            TriadConfig.PeerSection peer = new TriadConfig.PeerSection();
            peer.id = s;
            peer.role = s.equals("witness") ? "witness" : "data";
            peer.host = address(s);
            peer.raftPort = RAFT;
            c.cluster.peers.add(peer);
        }
        for (String name : DemoBackbone.FLOW) {
            TriadConfig.ComponentSection cs = new TriadConfig.ComponentSection();
            cs.name = name;
            cs.mode = ACTIVE_ACTIVE.contains(name) ? "active-active" : "active-standby";
            cs.health.type = witness ? "none" : "http";
            cs.health.target = witness ? "" : "http://127.0.0.1:" + BACKBONE + "/health/" + name;
            cs.health.intervalMillis = 500;
            cs.health.timeoutMillis = 400;
            String line = "echo \"$(date +%s%N) $TRIAD_HOOK $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLE"
                    + " $TRIAD_WEIGHT $TRIAD_EPOCH\" >> hooks.log";
            cs.hooks.start = line;
            cs.hooks.stop = line;
            cs.hooks.promote = line;
            cs.hooks.demote = line;
            cs.hooks.setWeight = line;
            cs.hooks.update = line;
            cs.hooks.timeoutSeconds = 10;
            c.cluster.components.add(cs);
        }
        if (!witness) {
            c.demo.backbone = true;
            c.demo.port = BACKBONE;
            c.demo.apiPassword = PASSWORD;
            // the backbone listens on its namespace's loopback only, so steps forwarded there fail (and are logged)
            String other = site.equals("site-a") ? "site-b" : "site-a";
            c.demo.peers.add(other + "=http://" + address(other) + ":" + BACKBONE);
        }
        return c;
    }

    /** Starts a site's appliance in its namespace ({@code ip netns exec} execs the JVM: the process is the JVM). */
    static Process launch(String site) throws IOException {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe")) {
                java.add(arg);
            }
        }
        java.add("-Xmx512m");
        // three JVMs starting at once on a small machine: C1 alone and one GC thread start them sooner
        java.add("-XX:TieredStopAtLevel=1");
        java.add("-XX:+UseSerialGC");
        java.add("-cp");
        java.add(absoluteClassPath(System.getProperty("java.class.path", "")));
        java.add("io.triad.appliance.Main");
        java.add("start");
        java.add("--config");
        java.add(dir.resolve(site).resolve("triad.yaml").toString());
        return new ProcessBuilder(net().exec(MEMBER.get(site), java))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve(site).resolve("triad.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .directory(dir.resolve(site).toFile())
                .start();
    }

    /** The class path with each entry absolute (a site runs in its own directory). */
    static String absoluteClassPath(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            if (!entry.isEmpty()) {
                out.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    // --- the API, from the root namespace over the bridge

    static Optional<JsonNode> tryGet(String site, String pathAndQuery) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url(site) + pathAndQuery))
                            .header("Authorization", AUTHORIZATION)
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static JsonNode getPath(String site, String pathAndQuery) {
        return tryGet(site, pathAndQuery)
                .orElseThrow(() -> new AssertionError("GET " + pathAndQuery + " of " + site + " did not answer 200"));
    }

    static JsonNode get(String site) {
        JsonNode v = getPath(site, "/api/v1/cluster");
        CHECKER.observe(site, v);
        return v;
    }

    /** Polls a site's {@code GET /api/v1/cluster} (each view checked) until one passes; the last view otherwise. */
    static JsonNode awaitView(String site, Predicate<JsonNode> until, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() - deadline < 0) {
            Optional<JsonNode> v = tryGet(site, "/api/v1/cluster");
            if (v.isPresent()) {
                CHECKER.observe(site, v.get());
                last = v.get();
                if (until.test(last)) {
                    return last;
                }
            }
            Process p = PROCESSES.get(site);
            if (p != null && !p.isAlive()) {
                throw new AssertionError(site + " exited with " + p.exitValue() + "; see "
                        + dir.resolve(site).resolve("triad.log"));
            }
            Thread.sleep(100);
        }
        if (last == null) {
            throw new AssertionError(site + " did not answer GET /api/v1/cluster within " + within.toSeconds()
                    + " s; see " + dir.resolve(site).resolve("triad.log"));
        }
        return last;
    }

    static long epochNanos(Instant t) {
        return DemoFailoverIT.epochNanos(t);
    }

    static String ms(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }

    static void log(String line) {
        System.out.println("NetnsFailoverIT: " + line);
    }

    /** Follows one site's {@code /api/v1/cluster/watch} into the checker, connecting again when it ends. */
    static final class Watch implements AutoCloseable {
        private final String site;
        private final URI uri;
        private final Thread thread;
        private volatile boolean closed;
        private volatile @Nullable InputStream body;

        Watch(String site, URI base) {
            this.site = site;
            this.uri = base.resolve("/api/v1/cluster/watch");
            this.thread = new Thread(this::run, "netns-failover-watch-" + site);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (!closed) {
                try {
                    HttpResponse<InputStream> r = HTTP.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", AUTHORIZATION)
                                    .header("Accept", "text/event-stream")
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    body = r.body();
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        StringBuilder data = new StringBuilder();
                        String line;
                        while (r.statusCode() == 200 && !closed && (line = in.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                data.append(line.substring(5).strip());
                            } else if (line.isEmpty() && data.length() > 0) {
                                CHECKER.observe(site, JSON.readTree(data.toString()));
                                data.setLength(0);
                            }
                        }
                    }
                } catch (IOException e) {
                    // not up yet, or the stream ended: connect again
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
}
