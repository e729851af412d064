package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.demo.DemoCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code triad demo} with real processes: the three sites (site-a, site-b, the witness) each run as their own JVM
 * (started by the demo command in this JVM, so on the test classpath), one data site is killed with {@code kill -9}
 * and restored. The survivor takes over every component within 3 s of the kill (from the kill to its hooks' lines),
 * the survivor and the witness mark the killed site down, the history and the survivor's log search show the
 * failover, the demo's alarm flows go on being logged on the survivor, and after the restore the placement returns to
 * its spread once the stabilization period has passed. Throughout, every site's placement stream and, at the end, the
 * hooks' record are checked for two primaries of one component ({@link PrimaryChecker}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoFailoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STABILIZATION_SECONDS = 3;
    private static final long FAILOVER_BAR_MILLIS = 3000;
    private static final List<String> ACTIVE_ACTIVE = List.of("BACKBONE", "EEP", "MSM");

    @TempDir
    static Path dir;

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    static final PrimaryChecker CHECKER = new PrimaryChecker();
    static final List<Watch> WATCHES = new ArrayList<>();
    static final Set<Long> PIDS = new LinkedHashSet<>();
    static final Map<String, List<Long>> KILLS = new LinkedHashMap<>();
    static JsonNode demo;
    static String authorization;
    static Map<String, String> home = Map.of();
    static String victim = "";
    static String survivor = "";
    static List<String> moved = List.of();
    static long killNanos;
    static long promotedNanos;
    static long promotedEpoch;

    @BeforeAll
    static void startDemo() throws Exception {
        CliResult r = demoCli(
                "--data",
                dir.toString(),
                "--ports",
                "auto",
                "--detach",
                "--stabilization",
                Integer.toString(STABILIZATION_SECONDS),
                "--max-failovers-per-hour",
                "1000");
        rememberPids();
        assertThat(r.code()).as("triad demo: %s%s", r.out(), r.err()).isZero();
        demo = readDemo();
        authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                ("admin:" + demo.path("adminPassword").asText()).getBytes(StandardCharsets.UTF_8));
        for (JsonNode s : demo.path("sites")) {
            Watch w = new Watch(s.path("id").asText(), URI.create(s.path("url").asText()));
            WATCHES.add(w);
            w.start();
        }
    }

    @AfterAll
    static void stopDemo() throws Exception {
        for (Watch w : WATCHES) {
            w.close();
        }
        rememberPids();
        if (Files.exists(dir.resolve("demo.json"))) {
            demoCli("stop", "--data", dir.toString());
        }
        for (long pid : PIDS) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // nothing more to do: it was sent SIGKILL
                }
            });
        }
    }

    @Test
    @Order(1)
    void placementIsSpreadOverBothDataSites() throws Exception {
        JsonNode view = awaitView("site-a", v -> settled(v, null).isEmpty(), Duration.ofSeconds(60));
        home = primaries(view);
        assertThat(new HashSet<>(home.values())).containsExactlyInAnyOrder("site-a", "site-b");
        for (JsonNode c : view.path("components")) {
            if (ACTIVE_ACTIVE.contains(c.path("name").asText())) {
                Map<String, String> shares = new TreeMap<>();
                c.path("placement")
                        .forEach(p -> shares.put(
                                p.path("site").asText(),
                                p.path("role").asText() + " " + p.path("weight").asInt()));
                assertThat(shares)
                        .as(c.path("name").asText())
                        .isEqualTo(Map.of("site-a", "active 50", "site-b", "active 50"));
            }
        }
    }

    @Test
    @Order(2)
    void killNineOfEapsPrimaryMovesEverythingToTheSurvivorWithinThreeSeconds() throws Exception {
        victim = home.get("EAP");
        survivor = victim.equals("site-a") ? "site-b" : "site-a";
        List<String> m = new ArrayList<>();
        home.forEach((c, s) -> {
            if (s.equals(victim)) {
                m.add(c);
            }
        });
        moved = List.copyOf(m);
        long pid = site(victim).path("pid").asLong();

        killNanos = epochNanos(Instant.now());
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        KILLS.computeIfAbsent(victim, k -> new ArrayList<>()).add(killNanos);

        Path hooks = hooksLog(survivor);
        Map<String, Long> took = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (took.size() < moved.size() + ACTIVE_ACTIVE.size() && System.nanoTime() - deadline < 0) {
            List<HookLine> lines = HookLine.read(hooks);
            for (String c : moved) {
                HookLine.first(lines, killNanos, "promote", c, l -> l.site().equals(survivor))
                        .ifPresent(l -> {
                            took.putIfAbsent("promote " + c, (l.nanos() - killNanos) / 1_000_000);
                            if (c.equals("EAP")) {
                                promotedNanos = l.nanos();
                                promotedEpoch = l.epoch();
                            }
                        });
            }
            for (String c : ACTIVE_ACTIVE) {
                HookLine.first(lines, killNanos, "set-weight", c, l -> l.weight() == 100)
                        .ifPresent(l -> took.putIfAbsent("set-weight 100 " + c, (l.nanos() - killNanos) / 1_000_000));
            }
            Thread.sleep(20);
        }
        assertThat(took.keySet())
                .as("the survivor's hooks after the kill (ms): %s", took)
                .hasSize(moved.size() + ACTIVE_ACTIVE.size());
        assertThat(took.values())
                .as("from the kill to the survivor's hook (ms): %s", took)
                .allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(FAILOVER_BAR_MILLIS));

        JsonNode view = awaitView(survivor, v -> runsEverything(v, survivor), Duration.ofSeconds(5));
        assertThat(primaries(view).values()).containsOnly(survivor).hasSize(home.size());
    }

    @Test
    @Order(3)
    void survivorAndWitnessShowTheKilledSiteDownAndTheHistoryTheFailover() throws Exception {
        for (String s : List.of(survivor, "witness")) {
            JsonNode view = awaitView(s, v -> victim.equals(stateDown(v)), Duration.ofSeconds(10));
            assertThat(stateDown(view)).as("%s sees %s", s, victim).isEqualTo(victim);
        }
        JsonNode history = get(survivor, "/api/v1/cluster/history", Map.of("limit", "100"));
        List<String> failovers = new ArrayList<>();
        for (JsonNode e : history.path("events")) {
            if (e.path("type").asText().equals("failover")) {
                failovers.add(e.path("detail").asText());
            }
        }
        assertThat(failovers).anySatisfy(d -> assertThat(d).startsWith("EAP primary " + victim + " -> " + survivor));
    }

    @Test
    @Order(4)
    void survivorsSearchFindsTheClusterEventsAndTheAlarmFlowsGoOn() throws Exception {
        JsonNode events = awaitSearch(
                survivor,
                "app:triad-cluster AND msgId:CLUSTER_FAILOVER",
                "now-15m",
                hit -> hit.path("message").asText().contains("EAP primary " + victim + " -> " + survivor));
        assertThat(events.path("hits")).isNotEmpty();

        String after = Instant.ofEpochSecond(0, promotedNanos).toString();
        JsonNode flows = awaitSearch(
                survivor,
                "component:EAP AND app:backbone-eap",
                after,
                hit -> hit.path("message").asText().contains("primary in epoch " + promotedEpoch + ", from " + survivor)
                        && Instant.parse(hit.path("timestamp").asText())
                                .isAfter(Instant.ofEpochSecond(0, promotedNanos)));
        assertThat(flows.path("hits").get(0).path("site").asText()).isEqualTo(survivor);
    }

    @Test
    @Order(5)
    void restoredSiteGetsItsComponentsBackAfterTheStabilization() throws Exception {
        CliResult r = demoCli("restore", victim, "--data", dir.toString());
        assertThat(r.code()).as("triad demo restore: %s%s", r.out(), r.err()).isZero();
        demo = readDemo();
        rememberPids();
        long pid = site(victim).path("pid").asLong();
        long restoredNanos = startNanos(pid);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (tryGet(victim, "/api/v1/cluster", Map.of()).isEmpty() && System.nanoTime() - deadline < 0) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                List<String> log =
                        Files.readAllLines(Path.of(site(victim).path("log").asText()), StandardCharsets.UTF_8);
                throw new AssertionError(
                        "the restored " + victim + " exited: " + log.subList(Math.max(0, log.size() - 3), log.size()));
            }
            Thread.sleep(200);
        }

        for (String s : List.of("site-a", "site-b")) {
            JsonNode view = awaitView(s, v -> settled(v, home).isEmpty(), Duration.ofSeconds(90));
            assertThat(primaries(view)).as("placement on %s", s).isEqualTo(home);
        }
        // the controller marks the site up in the round it finds it reachable again, and counts the stabilization
        // from there
        Instant up = null;
        for (JsonNode e :
                get(survivor, "/api/v1/cluster/history", Map.of("limit", "500")).path("events")) {
            if (up == null
                    && e.path("type").asText().equals("site-state")
                    && e.path("site").asText().equals(victim)
                    && e.path("detail").asText().endsWith("-> UP")) {
                up = Instant.parse(e.path("at").asText()); // the newest comes first
            }
        }
        assertThat(up).as("a site-state event: %s up again", victim).isNotNull();
        assertThat(epochNanos(up)).isGreaterThan(restoredNanos);
        List<HookLine> lines = HookLine.read(hooksLog(victim));
        for (String c : moved) {
            Optional<HookLine> promote = HookLine.first(lines, restoredNanos, "promote", c, l -> true);
            assertThat(promote).as("%s promoted again on %s", c, victim).isPresent();
            assertThat(Duration.ofNanos(promote.get().nanos() - epochNanos(up)))
                    .as("from %s marked up to its promotion of %s", victim, c)
                    .isGreaterThanOrEqualTo(
                            Duration.ofSeconds(STABILIZATION_SECONDS).minusMillis(100));
        }
    }

    @Test
    @Order(6)
    void neverTwoPrimariesOfOneComponent() throws Exception {
        Map<String, List<HookLine>> hooks = new LinkedHashMap<>();
        for (String s : List.of("site-a", "site-b")) {
            hooks.put(s, HookLine.read(hooksLog(s)));
        }
        CHECKER.checkHooks(hooks, KILLS, epochNanos(Instant.now()));
        assertThat(HookLine.read(hooksLog("witness"))).as("the witness's hooks").isEmpty();
        assertThat(CHECKER.states()).as("states checked, by site").containsKeys("site-a", "site-b", "witness");
        // at least: every first primary, the survivor's turns after the kill, the failbacks
        assertThat(CHECKER.intervals())
                .as("primary intervals from the hooks")
                .isGreaterThanOrEqualTo(home.size() + 2L * moved.size());
        assertThat(CHECKER.violations()).isEmpty();
    }

    // --- the demo

    record CliResult(int code, String out, String err) {}

    static CliResult demoCli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DemoCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }

    static JsonNode readDemo() throws IOException {
        return JSON.readTree(dir.resolve("demo.json").toFile());
    }

    static void rememberPids() {
        try {
            if (Files.exists(dir.resolve("demo.json"))) {
                readDemo().path("sites").forEach(s -> PIDS.add(s.path("pid").asLong()));
            }
        } catch (IOException e) {
            // a half-written demo.json: the pids seen before are still killed
        }
    }

    static JsonNode site(String id) {
        for (JsonNode s : demo.path("sites")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no site " + id + " in demo.json");
    }

    static Path hooksLog(String site) {
        return Path.of(site(site).path("hooks").asText());
    }

    static Optional<JsonNode> tryGet(String site, String path, Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(site(site).path("url").asText() + path + q))
                            .header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(5))
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

    static JsonNode get(String site, String path, Map<String, String> params) {
        return tryGet(site, path, params)
                .orElseThrow(() -> new AssertionError("GET " + path + " of " + site + " did not answer 200"));
    }

    /** Polls a site's {@code GET /api/v1/cluster} (each view checked) until one passes; the last view otherwise. */
    static JsonNode awaitView(String site, Predicate<JsonNode> until, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() - deadline < 0) {
            Optional<JsonNode> v = tryGet(site, "/api/v1/cluster", Map.of());
            if (v.isPresent()) {
                CHECKER.observe(site, v.get());
                last = v.get();
                if (until.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        if (last == null) {
            throw new AssertionError(site + " did not answer GET /api/v1/cluster within " + within.toSeconds() + " s");
        }
        return last;
    }

    /** Polls a search until a hit passes; the last answer (its hits the passing ones) otherwise. */
    static JsonNode awaitSearch(String site, String q, String from, Predicate<JsonNode> hit)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = JSON.createObjectNode();
        while (System.nanoTime() - deadline < 0) {
            Optional<JsonNode> r = tryGet(site, "/api/v1/search", Map.of("q", q, "from", from, "limit", "100"));
            if (r.isPresent()) {
                var passing = JSON.createArrayNode();
                r.get().path("hits").forEach(h -> {
                    if (hit.test(h)) {
                        passing.add(h);
                    }
                });
                last = JSON.createObjectNode().set("hits", passing);
                if (!passing.isEmpty()) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        return last;
    }

    /** Active-standby component -> its primary. */
    static Map<String, String> primaries(JsonNode view) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : view.path("components")) {
            for (JsonNode p : c.path("placement")) {
                if (p.path("role").asText().equals("primary")) {
                    out.put(c.path("name").asText(), p.path("site").asText());
                }
            }
        }
        return out;
    }

    /** The data site the view shows down, or empty. */
    static String stateDown(JsonNode view) {
        for (JsonNode s : view.path("sites")) {
            if (s.path("state").asText().equals("down")) {
                return s.path("id").asText();
            }
        }
        return "";
    }

    /** Whether the site is placed as, and runs as, primary of every active-standby and active 100 of the others. */
    static boolean runsEverything(JsonNode view, String site) {
        for (JsonNode c : view.path("components")) {
            boolean standby = c.path("mode").asText().equals("active-standby");
            boolean ok = false;
            for (JsonNode p : c.path("placement")) {
                if (!p.path("site").asText().equals(site)) {
                    continue;
                }
                String want = standby ? "primary" : "active";
                ok = p.path("role").asText().equals(want)
                        && p.path("weight").asInt() == 100
                        && p.path("applied").path("role").asText().equals(want)
                        && p.path("applied").path("weight").asInt() == 100;
            }
            if (!ok) {
                return false;
            }
        }
        return view.path("components").size() == home.size() + ACTIVE_ACTIVE.size();
    }

    /**
     * Why a view is not settled, or empty: every site up, every active-standby component with a primary ({@code
     * want}'s when given, else each data site primary of one at least), the active-active ones 50/50, and every agent
     * running what it is placed as.
     */
    static String settled(JsonNode view, @Nullable Map<String, String> want) {
        for (JsonNode s : view.path("sites")) {
            if (!s.path("state").asText().equals("up")) {
                return s.path("id").asText() + " is " + s.path("state").asText();
            }
        }
        if (view.path("components").size() < 6) {
            return view.path("components").size() + " components";
        }
        Set<String> primarySites = new HashSet<>();
        for (JsonNode c : view.path("components")) {
            String name = c.path("name").asText();
            boolean standby = c.path("mode").asText().equals("active-standby");
            boolean hasPrimary = false;
            for (JsonNode p : c.path("placement")) {
                String role = p.path("role").asText();
                JsonNode a = p.path("applied");
                if (!a.path("role").asText().equals(role)
                        || a.path("weight").asInt() != p.path("weight").asInt()) {
                    return name + " on " + p.path("site").asText() + " runs "
                            + a.path("role").asText() + ", placed " + role;
                }
                if (standby && role.equals("primary")) {
                    hasPrimary = true;
                    primarySites.add(p.path("site").asText());
                    if (want != null && !p.path("site").asText().equals(want.get(name))) {
                        return name + " is primary on " + p.path("site").asText();
                    }
                }
                if (!standby && (!role.equals("active") || p.path("weight").asInt() != 50)) {
                    return name + " on " + p.path("site").asText() + " is " + role + " " + p.path("weight");
                }
            }
            if (standby && !hasPrimary) {
                return name + " has no primary";
            }
        }
        return primarySites.size() == 2 ? "" : "primaries only on " + primarySites;
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * A process's start in epoch nanos (to ~10 ms): its start in clock ticks since boot ({@code /proc/<pid>/stat} field
     * 22, 100 a second) plus now minus {@code /proc/uptime}. ({@code ProcessHandle.Info#startInstant} uses the boot
     * time in whole seconds.)
     */
    static long startNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(after[22 - 3]);
        String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.UTF_8)
                .split(" ")[0];
        long boot = epochNanos(Instant.now())
                - new BigDecimal(uptime).movePointRight(9).longValueExact();
        return boot + ticks * 10_000_000L;
    }

    // --- the checks

    /** A hooks.log line of the demo: {@code <date +%s%N> <hook> <site> <component> <role> <weight> <epoch>}. */
    record HookLine(long nanos, String hook, String site, String component, String role, int weight, long epoch) {
        static List<HookLine> read(Path file) throws IOException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return List.of();
            }
            List<HookLine> out = new ArrayList<>();
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return out;
            }
            for (String line : text.substring(0, end).split("\n")) {
                String[] f = line.strip().split(" ");
                if (f.length == 7) {
                    out.add(new HookLine(
                            Long.parseLong(f[0]),
                            f[1],
                            f[2],
                            f[3],
                            f[4],
                            Integer.parseInt(f[5]),
                            Long.parseLong(f[6])));
                }
            }
            return out;
        }

        /** The earliest line after {@code afterNanos} of the hook and component that {@code also} accepts. */
        static Optional<HookLine> first(
                List<HookLine> lines, long afterNanos, String hook, String component, Predicate<HookLine> also) {
            return lines.stream()
                    .filter(l -> l.nanos > afterNanos
                            && l.hook.equals(hook)
                            && l.component.equals(component)
                            && also.test(l))
                    .min(Comparator.comparingLong(HookLine::nanos));
        }
    }

    /**
     * No component with two primaries. From every state a site shows: at most one primary in a placement; one primary
     * per component and epoch across all sites' states; no two sites running as primary in one epoch; the witness only
     * ever {@code stopped}. From the hooks: a site's time as primary (its {@code promote} line to its next {@code
     * demote} or {@code stop} line, its kill, or the end) never overlaps another site's for one component. (The same
     * checks as bench/'s FailoverSafety, which the tests cannot depend on.)
     */
    static final class PrimaryChecker {
        private final Map<String, String> primaryByEpoch = new HashMap<>();
        private final Set<String> violations = new LinkedHashSet<>();
        private final Map<String, Long> states = new TreeMap<>();
        private long intervals;

        synchronized void observe(String seenOn, JsonNode view) {
            states.merge(seenOn, 1L, Long::sum);
            long epoch = view.path("epoch").asLong(-1);
            Set<String> witnesses = new HashSet<>();
            view.path("sites").forEach(s -> {
                if (s.path("role").asText().equals("witness")) {
                    witnesses.add(s.path("id").asText());
                }
            });
            for (JsonNode c : view.path("components")) {
                String name = c.path("name").asText();
                List<String> primaries = new ArrayList<>();
                Map<Long, List<String>> running = new TreeMap<>();
                for (JsonNode p : c.path("placement")) {
                    String site = p.path("site").asText();
                    String role = p.path("role").asText();
                    String applied = p.path("applied").path("role").asText("stopped");
                    if (witnesses.contains(site) && !(role.equals("stopped") && applied.equals("stopped"))) {
                        violations.add("the witness is " + role + "/" + applied + " for " + name + " on " + seenOn);
                    }
                    if (role.equals("primary")) {
                        primaries.add(site);
                    }
                    if (applied.equals("primary")) {
                        running.computeIfAbsent(p.path("applied").path("epoch").asLong(), e -> new ArrayList<>())
                                .add(site);
                    }
                }
                if (!c.path("mode").asText().equals("active-standby")) {
                    continue;
                }
                if (primaries.size() > 1) {
                    violations.add(name + " has primaries " + primaries + " in epoch " + epoch + " on " + seenOn);
                } else if (primaries.size() == 1) {
                    String before = primaryByEpoch.putIfAbsent(name + "@" + epoch, primaries.get(0));
                    if (before != null && !before.equals(primaries.get(0))) {
                        violations.add(name + " has primaries " + before + " and " + primaries.get(0) + " in epoch "
                                + epoch + " (seen on " + seenOn + ")");
                    }
                }
                running.forEach((e, sites) -> {
                    if (sites.size() > 1) {
                        violations.add(name + ": " + sites + " run as primary in epoch " + e + " on " + seenOn);
                    }
                });
            }
        }

        synchronized void checkHooks(Map<String, List<HookLine>> hooks, Map<String, List<Long>> kills, long end) {
            record Interval(String site, long from, long to) {}
            Map<String, List<Interval>> byComponent = new TreeMap<>();
            Map<String, String> promoted = new HashMap<>();
            hooks.forEach((site, lines) -> {
                List<HookLine> marks = new ArrayList<>(lines);
                for (long k : kills.getOrDefault(site, List.of())) {
                    marks.add(new HookLine(k, "killed", site, "", "", 0, -1));
                }
                marks.sort(Comparator.comparingLong(HookLine::nanos));
                Map<String, Long> open = new LinkedHashMap<>();
                for (HookLine l : marks) {
                    switch (l.hook()) {
                        case "killed" -> {
                            open.forEach((c, from) -> byComponent
                                    .computeIfAbsent(c, x -> new ArrayList<>())
                                    .add(new Interval(site, from, l.nanos())));
                            open.clear();
                        }
                        case "promote" -> {
                            open.putIfAbsent(l.component(), l.nanos());
                            String before = promoted.putIfAbsent(l.component() + "@" + l.epoch(), site);
                            if (before != null && !before.equals(site)) {
                                violations.add("hooks: " + before + " and " + site + " promoted " + l.component()
                                        + " in epoch " + l.epoch());
                            }
                        }
                        case "demote", "stop" -> {
                            Long from = open.remove(l.component());
                            if (from != null) {
                                byComponent
                                        .computeIfAbsent(l.component(), x -> new ArrayList<>())
                                        .add(new Interval(site, from, l.nanos()));
                            }
                        }
                        default -> {}
                    }
                }
                open.forEach((c, from) ->
                        byComponent.computeIfAbsent(c, x -> new ArrayList<>()).add(new Interval(site, from, end)));
            });
            byComponent.forEach((c, list) -> {
                intervals += list.size();
                for (Interval a : list) {
                    for (Interval b : list) {
                        if (a.site().compareTo(b.site()) < 0 && a.from() < b.to() && b.from() < a.to()) {
                            violations.add("hooks: " + c + " primary on " + a + " overlaps " + b);
                        }
                    }
                }
            });
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        synchronized Map<String, Long> states() {
            return Map.copyOf(states);
        }

        synchronized long intervals() {
            return intervals;
        }
    }

    /** Follows one site's {@code /api/v1/cluster/watch} into the checker, connecting again while the site is down. */
    static final class Watch implements AutoCloseable {
        private final String site;
        private final URI uri;
        private final Thread thread;
        private volatile boolean closed;
        private volatile @Nullable InputStream body;

        Watch(String site, URI base) {
            this.site = site;
            this.uri = base.resolve("/api/v1/cluster/watch");
            this.thread = new Thread(this::run, "demo-failover-watch-" + site);
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
                                    .header("Authorization", authorization)
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
                    // the site is down: connect again
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
