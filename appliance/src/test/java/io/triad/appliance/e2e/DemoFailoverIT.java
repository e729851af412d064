package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.demo.DemoCommand;
import io.triad.testkit.cluster.ClusterWatch;
import io.triad.testkit.cluster.HookLine;
import io.triad.testkit.cluster.PrimaryChecker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    static final PrimaryChecker CHECKER = new PrimaryChecker();
    static final List<ClusterWatch> WATCHES = new ArrayList<>();
    static final Set<Long> PIDS = new LinkedHashSet<>();
    static final Map<String, List<Long>> KILLS = new LinkedHashMap<>();
    static JsonNode demo;
    static ClusterClient client;
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
        client = new ClusterClient(
                new ClusterClient.Sites() {
                    @Override
                    public String url(String site) {
                        return site(site).path("url").asText();
                    }

                    @Override
                    public String log(String site) {
                        return site(site).path("log").asText();
                    }

                    @Override
                    public Optional<String> gone(String site) {
                        return Optional.empty(); // the victim's answers are awaited only where it runs
                    }
                },
                demo.path("adminPassword").asText(),
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                CHECKER);
        for (JsonNode s : demo.path("sites")) {
            WATCHES.add(client.watch(s.path("id").asText()));
        }
    }

    @AfterAll
    static void stopDemo() throws Exception {
        for (ClusterWatch w : WATCHES) {
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
        JsonNode view =
                client.awaitView("site-a", v -> ClusterViews.settled(v, null).isEmpty(), Duration.ofSeconds(60));
        home = ClusterViews.primaries(view);
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
        moved = ClusterViews.primaryOn(home, victim);
        long pid = site(victim).path("pid").asLong();

        killNanos = HookLine.epochNanos(Instant.now());
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

        JsonNode view = client.awaitView(survivor, v -> runsEverything(v, survivor), Duration.ofSeconds(5));
        assertThat(ClusterViews.primaries(view).values()).containsOnly(survivor).hasSize(home.size());
    }

    @Test
    @Order(3)
    void survivorAndWitnessShowTheKilledSiteDownAndTheHistoryTheFailover() throws Exception {
        for (String s : List.of(survivor, "witness")) {
            JsonNode view = client.awaitView(s, v -> victim.equals(ClusterViews.stateDown(v)), Duration.ofSeconds(10));
            assertThat(ClusterViews.stateDown(view)).as("%s sees %s", s, victim).isEqualTo(victim);
        }
        JsonNode history = client.get(survivor, "/api/v1/cluster/history?limit=100");
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
        while (client.tryGet(victim, "/api/v1/cluster").isEmpty() && System.nanoTime() - deadline < 0) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                List<String> log =
                        Files.readAllLines(Path.of(site(victim).path("log").asText()), StandardCharsets.UTF_8);
                throw new AssertionError(
                        "the restored " + victim + " exited: " + log.subList(Math.max(0, log.size() - 3), log.size()));
            }
            Thread.sleep(200);
        }

        for (String s : List.of("site-a", "site-b")) {
            JsonNode view =
                    client.awaitView(s, v -> ClusterViews.settled(v, home).isEmpty(), Duration.ofSeconds(90));
            assertThat(ClusterViews.primaries(view)).as("placement on %s", s).isEqualTo(home);
        }
        // the controller marks the site up in the round it finds it reachable again, and counts the stabilization
        // from there
        Optional<Instant> up = ClusterViews.markedUp(client.get(survivor, "/api/v1/cluster/history?limit=500"), victim);
        assertThat(up).as("a site-state event: %s up again", victim).isPresent();
        long upNanos = HookLine.epochNanos(up.get());
        assertThat(upNanos).isGreaterThan(restoredNanos);
        List<HookLine> lines = HookLine.read(hooksLog(victim));
        for (String c : moved) {
            Optional<HookLine> promote = HookLine.first(lines, restoredNanos, "promote", c, l -> true);
            assertThat(promote).as("%s promoted again on %s", c, victim).isPresent();
            assertThat(Duration.ofNanos(promote.get().nanos() - upNanos))
                    .as("from %s marked up to its promotion of %s", victim, c)
                    .isGreaterThanOrEqualTo(
                            Duration.ofSeconds(STABILIZATION_SECONDS).minusMillis(100));
        }
    }

    @Test
    @Order(6)
    void neverTwoPrimariesOfOneComponent() throws Exception {
        // at least: every first primary, the survivor's turns after the kill, the failbacks
        CHECKER.assertNoTwoPrimaries(DemoFailoverIT::hooksLog, KILLS, home.size() + 2L * moved.size(), dir);
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

    /** Polls a search until a hit passes; the last answer (its hits the passing ones) otherwise. */
    static JsonNode awaitSearch(String site, String q, String from, Predicate<JsonNode> hit)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = JSON.createObjectNode();
        while (System.nanoTime() - deadline < 0) {
            Optional<JsonNode> r = client.tryGet(
                    site,
                    "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&from="
                            + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&limit=100");
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
        long boot = HookLine.epochNanos(Instant.now())
                - new BigDecimal(uptime).movePointRight(9).longValueExact();
        return boot + ticks * 10_000_000L;
    }
}
