package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.demo.DemoCommand;
import io.triad.failover.ClusterCertificates;
import io.triad.testkit.Tools;
import io.triad.testkit.cluster.ClusterWatch;
import io.triad.testkit.cluster.HookLine;
import io.triad.testkit.cluster.PrimaryChecker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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

    static final PrimaryChecker CHECKER = new PrimaryChecker();
    static final List<ClusterWatch> WATCHES = new ArrayList<>();
    static final Map<String, Process> PROCESSES = new LinkedHashMap<>();
    static final ClusterClient CLIENT = new ClusterClient(
            new ClusterClient.Sites() {
                @Override
                public String url(String site) {
                    return "http://" + address(site) + ":" + WEB;
                }

                @Override
                public String log(String site) {
                    return dir.resolve(site).resolve("triad.log").toString();
                }

                @Override
                public Optional<String> gone(String site) {
                    Process p = PROCESSES.get(site);
                    return p != null && !p.isAlive() ? Optional.of("exited with " + p.exitValue()) : Optional.empty();
                }
            },
            PASSWORD,
            Duration.ofSeconds(2),
            Duration.ofMillis(100),
            CHECKER);
    static @Nullable NetworkNamespaces net;
    static long classStartNanos;
    static Map<String, String> home = Map.of();
    static String victim = "";
    static String survivor = "";
    static List<String> moved = List.of();
    static List<String> others = List.of();
    static long cutNanos;
    static @Nullable LogLoad load;

    @BeforeAll
    static void startSitesInTheirNamespaces() throws Exception {
        classStartNanos = System.nanoTime();
        Optional<String> why = NetworkNamespaces.unavailable();
        Tools.requireThat(why.isEmpty(), () -> "NetnsFailoverIT needs network namespaces: " + why.orElse(""));
        List<String> leftovers = NetworkNamespaces.removeLeftovers();
        if (!leftovers.isEmpty()) {
            log("removed leftovers of earlier runs: " + leftovers);
        }
        try {
            net = NetworkNamespaces.create(List.of("a", "b", "w"));
        } catch (NetworkNamespaces.Unavailable e) {
            Tools.requireThat(
                    false, () -> "NetnsFailoverIT: this machine does not allow network namespaces: " + e.getMessage());
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
            WATCHES.add(CLIENT.watch(site));
        }
    }

    @AfterAll
    static void stopAndRemoveEverything() throws Exception {
        for (ClusterWatch w : WATCHES) {
            w.close();
        }
        LogLoad l = load;
        if (l != null) {
            l.close();
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
        JsonNode view = CLIENT.awaitView(
                "site-a",
                v -> !v.path("leader").asText().isEmpty()
                        && ClusterViews.settled(v, null).isEmpty(),
                Duration.ofSeconds(75));
        assertThat(ClusterViews.settled(view, null))
                .as("site-a's view (logs in %s)", dir)
                .isEmpty();
        assertThat(view.path("leader").asText()).isIn(SITES);
        home = ClusterViews.primaries(view);
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
        moved = ClusterViews.primaryOn(home, victim);
        others = List.of(MEMBER.get(survivor), MEMBER.get("witness"));
        JsonNode before = CLIENT.view(victim);
        Map<String, java.net.URI> targets = new LinkedHashMap<>();
        for (String s : List.of("site-a", "site-b")) {
            targets.put(s, java.net.URI.create("http://" + address(s) + ":4318/api/v1/ingest"));
        }
        NetnsFailoverIT.load = new LogLoad(
                "netns" + java.util.UUID.randomUUID().toString().replace("-", ""),
                targets,
                1,
                20,
                Duration.ofMillis(50));
        Thread.sleep(1000);

        cutNanos = HookLine.epochNanos(Instant.now());
        net().cut(MEMBER.get(victim), others);
        long cutTook = (HookLine.epochNanos(Instant.now()) - cutNanos) / 1_000_000;

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
                Optional<JsonNode> v = CLIENT.tryView(victim);
                if (v.isPresent()) {
                    if (!v.get().path("lease").asBoolean(true)) {
                        leaseLost = HookLine.epochNanos(Instant.now());
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
            JsonNode view = CLIENT.awaitView(s, v -> victim.equals(ClusterViews.stateDown(v)), Duration.ofSeconds(10));
            assertThat(ClusterViews.stateDown(view)).as("%s sees %s", s, victim).isEqualTo(victim);
        }
        JsonNode majority = CLIENT.awaitView(
                survivor,
                v -> ClusterViews.primaries(v).values().stream().allMatch(survivor::equals),
                Duration.ofSeconds(5));
        assertThat(ClusterViews.primaries(majority).values()).containsOnly(survivor);
        // the cut-off site cannot learn of the promotion: its state stays at the epoch before
        JsonNode stale = CLIENT.view(victim);
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
        long healNanos = HookLine.epochNanos(Instant.now());
        net().heal(MEMBER.get(victim), others);
        assertThat(net().blackholes()).isEmpty();

        JsonNode up = CLIENT.awaitView(survivor, v -> ClusterViews.stateDown(v).isEmpty(), Duration.ofSeconds(20));
        assertThat(ClusterViews.stateDown(up))
                .as("%s's view after the heal", survivor)
                .isEmpty();
        JsonNode rejoined = CLIENT.awaitView(
                victim,
                v -> v.path("lease").asBoolean(false)
                        && v.path("epoch").asLong() >= up.path("epoch").asLong(),
                Duration.ofSeconds(20));
        assertThat(rejoined.path("lease").asBoolean(false))
                .as("%s holds a lease again", victim)
                .isTrue();
        long rejoinedNanos = HookLine.epochNanos(Instant.now());

        for (String s : List.of("site-a", "site-b")) {
            JsonNode view =
                    CLIENT.awaitView(s, v -> ClusterViews.settled(v, home).isEmpty(), Duration.ofSeconds(45));
            assertThat(ClusterViews.settled(view, home))
                    .as("placement on %s", s)
                    .isEmpty();
        }
        Optional<Instant> markedUp =
                ClusterViews.markedUp(CLIENT.get(survivor, "/api/v1/cluster/history?limit=500"), victim);
        assertThat(markedUp).as("a site-state event: %s up again", victim).isPresent();
        long upNanos = HookLine.epochNanos(markedUp.get());
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
    void bothSidesKeptAcceptingThroughTheCutAndHoldTheSameEventsAfterTheHeal() throws Exception {
        LogLoad load = java.util.Objects.requireNonNull(NetnsFailoverIT.load, "the load started before the cut");
        int victimAcked = load.acked(victim).size();
        load.close();
        assertThat(victimAcked).as("%s acknowledged events", victim).isPositive();
        // the journals first: each site holds the other's events up to the other's highest sequence
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode a = CLIENT.get("site-a", "/api/v1/health").path("replication");
        JsonNode b = CLIENT.get("site-b", "/api/v1/health").path("replication");
        while (System.nanoTime() - deadline < 0
                && (a.path("heldSeq").asLong() != b.path("localSeq").asLong()
                        || b.path("heldSeq").asLong() != a.path("localSeq").asLong())) {
            Thread.sleep(200);
            a = CLIENT.get("site-a", "/api/v1/health").path("replication");
            b = CLIENT.get("site-b", "/api/v1/health").path("replication");
        }
        assertThat(a.path("heldSeq").asLong())
                .as("site-a %s, site-b %s", a, b)
                .isEqualTo(b.path("localSeq").asLong());
        assertThat(b.path("heldSeq").asLong())
                .as("site-a %s, site-b %s", a, b)
                .isEqualTo(a.path("localSeq").asLong());

        java.util.Set<Integer> acked = load.allAcked();
        EventSet onSurvivor =
                awaitEvents(survivor, load.marker(), s -> s.numbers().keySet().containsAll(acked));
        EventSet onVictim = awaitEvents(
                victim, load.marker(), s -> s.ids().size() >= onSurvivor.ids().size());
        assertThat(onSurvivor.numbers().keySet())
                .as("every acknowledged event on %s", survivor)
                .containsAll(acked);
        assertThat(onVictim.maxSeqs()).as("per-origin sequences").isEqualTo(onSurvivor.maxSeqs());
        assertThat(onVictim.digest()).as("digest of the ids").isEqualTo(onSurvivor.digest());
        assertThat(onVictim.ids()).isEqualTo(onSurvivor.ids());
        assertThat(onSurvivor.hits())
                .as("no duplicate")
                .isEqualTo(onSurvivor.ids().size());
        // what the cut-off site accepted while fenced is kept and flagged, on both sides; the majority wrote nothing so
        assertThat(onSurvivor.fenced()).as("events flagged fenced, by origin").containsOnlyKeys(victim);
        assertThat(onVictim.fenced()).isEqualTo(onSurvivor.fenced());
        log("after the heal both sites hold " + onSurvivor.ids().size() + " of the load's events (" + acked.size()
                + " acknowledged, " + victimAcked + " by the cut-off " + victim + ", " + onSurvivor.fenced()
                + " flagged fenced), per origin up to " + onSurvivor.maxSeqs() + ", digest " + onSurvivor.digest());
    }

    static EventSet awaitEvents(String site, String marker, java.util.function.Predicate<EventSet> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        EventSet last;
        do {
            last = EventSet.read(p -> CLIENT.get(site, p), marker);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() - deadline < 0);
        return last;
    }

    @Test
    @Order(5)
    void neverTwoPrimariesOfOneComponentAndTheWitnessRunsNothing() throws Exception {
        // at least: every first primary, the survivor's turns after the cut, the failbacks
        CHECKER.assertNoTwoPrimaries(NetnsFailoverIT::hooksLog, Map.of(), home.size() + 2L * moved.size(), dir);
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

    static Path hooksLog(String site) {
        return dir.resolve(site).resolve("data").resolve("hooks.log");
    }

    /** A site's configuration as {@code triad demo} writes it, on its namespace's address instead of loopback. */
    static TriadConfig siteConfig(String site) {
        // every namespace has its own ports, so every site uses the same ones
        Map<String, Integer> ports = Map.of(
                "web",
                WEB,
                "syslog",
                5514,
                "gelf",
                12201,
                "gelfHttp",
                12202,
                "otlp",
                4318,
                "raft",
                RAFT,
                "replication",
                7401,
                "backbone",
                BACKBONE);
        Map<String, String> hosts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> all = new LinkedHashMap<>();
        for (String s : SITES) {
            hosts.put(s, address(s));
            all.put(s, ports);
        }
        TriadConfig c = DemoCommand.siteConfig(
                dir, site, new DemoCommand.Layout(hosts, all, PASSWORD), STABILIZATION_SECONDS, 1000, 2);
        c.site = c.site.withCluster(CLUSTER);
        // all of the namespace's addresses: its eth0 for the test, its loopback for the demo backbone's watch (the
        // backbone listens on its namespace's loopback only, so steps forwarded to the other site's fail, and are
        // logged)
        c.web.bind = "0.0.0.0";
        c.cluster.leaseTimeoutMillis = LEASE_MILLIS;
        // the load's NDJSON is acknowledged after the local fsync, so the cut-off site keeps acknowledging too (the
        // both-acks across a kill -9 are ReplicationDemoIT's)
        c.inputs.otlp = c.inputs.otlp.withAck("local");
        c.inputs.bind = "0.0.0.0";
        return c;
    }

    /** Starts a site's appliance in its namespace ({@code ip netns exec} execs the JVM: the process is the JVM). */
    static Process launch(String site) throws IOException {
        // three JVMs starting at once on a small machine: C1 alone and one GC thread start them sooner
        List<String> java = DemoCommand.siteCommand(
                dir.resolve(site).resolve("triad.yaml"), List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        return new ProcessBuilder(net().exec(MEMBER.get(site), java))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve(site).resolve("triad.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .directory(dir.resolve(site).toFile())
                .start();
    }

    static String ms(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }

    static void log(String line) {
        System.out.println("NetnsFailoverIT: " + line);
    }
}
