package io.triad.failover;

import static io.triad.failover.CoordinatorContract.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import io.triad.failover.ComponentSpec.Hook;
import io.triad.failover.agent.HealthCheckSpec;
import io.triad.failover.agent.HookRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller and the agents on three Ratis members in one JVM, each behind a {@link FaultProxy}, with real hook
 * scripts: the first placement, a data site cut off from the others (it fences itself before the survivor promotes),
 * its return with a failback after the stabilization period, and a crashed site. Throughout, a {@link
 * PlacementChecker} watches every site's state and a {@link SafetyChecker} every lease; the hooks' own record shows
 * that no two sites acted as primary of a component at the same time.
 */
class FailoverControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final FailoverPolicy POLICY = new FailoverPolicy(
            RatisTestCluster.LEASE,
            FailoverPolicy.defaults(RatisTestCluster.LEASE).fenceMargin(),
            FailoverPolicy.defaults(RatisTestCluster.LEASE).selfFenceLead(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            20,
            Duration.ofSeconds(5),
            Duration.ofMillis(50));

    @TempDir
    Path dir;

    private RatisTestCluster cluster;
    private SafetyChecker leases;
    private final PlacementChecker placement = new PlacementChecker();
    private final Map<String, Controller> controllers = new LinkedHashMap<>();
    private final Map<String, SiteAgent> agents = new LinkedHashMap<>();
    private final Map<String, Coordinator.Subscription> watches = new LinkedHashMap<>();
    private final PrimaryRecord primaries = new PrimaryRecord();
    private List<ComponentSpec> specs;

    @BeforeEach
    void start() throws Exception {
        cluster = new RatisTestCluster(dir, true, 1000);
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        Map<Hook, String> commands = new LinkedHashMap<>();
        for (Hook h : Hook.values()) {
            if (h == Hook.UPDATE) {
                commands.put(
                        h,
                        "echo \"update $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLLOUT\" >> " + hooks
                                + "/hooks.log; if [ -e " + hooks + "/fail-update ]; then echo disk full; exit 7; fi");
                continue;
            }
            commands.put(
                    h,
                    "echo \"$TRIAD_HOOK $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLE $TRIAD_EPOCH\" >> " + hooks
                            + "/hooks.log");
        }
        HealthCheckSpec none = new HealthCheckSpec("none", "", 1000, 500, 2, 2);
        specs = List.of(
                new ComponentSpec("EAP", Mode.ACTIVE_STANDBY, "site-a", none, commands, Duration.ofSeconds(5)),
                new ComponentSpec("EEP", Mode.ACTIVE_ACTIVE, "", none, commands, Duration.ofSeconds(5)));
        for (String s : RatisTestCluster.SITES) {
            startSite(s);
        }
        leases = new SafetyChecker(() -> cluster.members());
    }

    private void startSite(String site) throws Exception {
        RatisCoordinator c = cluster.member(site);
        if (c == null) {
            c = cluster.start(site);
        }
        watches.put(site, c.watch(placement.forSite(site)));
        List<Controller.SiteSpec> sites = List.of(
                new Controller.SiteSpec("site-a", SiteRole.DATA),
                new Controller.SiteSpec("site-b", SiteRole.DATA),
                new Controller.SiteSpec("witness", SiteRole.WITNESS));
        controllers.put(
                site, new Controller(c, POLICY, specs, sites, Clock.systemUTC(), Duration.ofSeconds(3)).start());
        SiteAgent agent = new SiteAgent(
                c,
                site.equals("witness") ? List.of() : specs,
                new HookRunner(),
                dir,
                Clock.systemUTC(),
                SiteAgent.Settings.of(POLICY, Duration.ofMinutes(5)));
        agent.onHook(primaries::hook);
        agents.put(site, agent.start());
    }

    /** Stops a site as a crash would: no hook runs, the member goes away. */
    private void crash(String site) {
        SiteAgent a = agents.remove(site);
        if (a != null) {
            a.close();
        }
        Controller c = controllers.remove(site);
        if (c != null) {
            c.close();
        }
        Coordinator.Subscription w = watches.remove(site);
        if (w != null) {
            w.close();
        }
        primaries.crashed(site);
        cluster.stop(site);
    }

    @AfterEach
    void stop() throws Exception {
        for (String s : new ArrayList<>(agents.keySet())) {
            crash(s);
        }
        leases.close();
        cluster.close();
        assertThat(leases.violations()).isEmpty();
        assertThat(placement.violations()).isEmpty();
        assertThat(placement.states()).isGreaterThan(10);
        assertThat(primaries.overlaps())
                .as("two sites acting as primary at once")
                .isEmpty();
    }

    private ClusterState state(String site) {
        return java.util.Objects.requireNonNull(cluster.member(site)).state();
    }

    private @Nullable String primary(String site, String component) {
        return state(site)
                .component(component)
                .flatMap(ClusterState.Component::primary)
                .orElse(null);
    }

    private int weight(String site, String component, String of) {
        return state(site).component(component).orElseThrow().placement().stream()
                .filter(p -> p.site().equals(of) && p.role() == PlacementRole.ACTIVE)
                .mapToInt(Placement::weight)
                .sum();
    }

    private void awaitSettled() throws InterruptedException {
        eventually(
                "EAP primary on site-a and EEP shared, as the agents report",
                WAIT,
                () -> "site-a".equals(primary("site-b", "EAP"))
                        && weight("site-b", "EEP", "site-a") == 50
                        && weight("site-b", "EEP", "site-b") == 50
                        && agents.get("site-a").roles().get("EAP") == PlacementRole.PRIMARY
                        && agents.get("site-b").roles().get("EAP") == PlacementRole.STANDBY
                        && reported("site-a", "EAP", PlacementRole.PRIMARY)
                        && reported("site-b", "EAP", PlacementRole.STANDBY));
    }

    /** Whether the witness has applied the site's report of the role. */
    private boolean reported(String site, String component, PlacementRole role) {
        ClusterState.AppliedRole r = state("witness").roles().get(site + "/" + component);
        return r != null
                && r.role() == role
                && (role != PlacementRole.PRIMARY
                        || r.epoch() == state("witness").epoch());
    }

    @Test
    void placesPromotesAndNeverRunsAnythingOnTheWitness() throws Exception {
        awaitSettled();
        ClusterState s = state("witness");
        assertThat(s.epoch()).isGreaterThanOrEqualTo(1);
        assertThat(s.roles().get("site-a/EAP").epoch()).isEqualTo(s.epoch());
        assertThat(s.roles().get("site-a/EAP").role()).isEqualTo(PlacementRole.PRIMARY);
        String log = Files.readString(dir.resolve("hooks/hooks.log"), StandardCharsets.UTF_8);
        assertThat(log)
                .contains("promote site-a EAP primary "
                        + s.roles().get("site-a/EAP").epoch());
        assertThat(log).contains("start site-b EAP standby");
        assertThat(log).doesNotContain(" witness ");
    }

    @Test
    void aDataSiteCutOffFencesItselfAndTheSurvivorTakesOverWithinSeconds() throws Exception {
        awaitSettled();
        long epoch = state("site-b").epoch();
        long cut = System.nanoTime();
        cluster.isolate("site-a", true);

        eventually("site-b promoted", WAIT, () -> agents.get("site-b").roles().get("EAP") == PlacementRole.PRIMARY);
        long took = System.nanoTime() - cut;
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(3));
        assertThat(state("site-b").epoch()).isGreaterThan(epoch);
        // the same round moves EEP; its placement may commit after site-b's promotion barrier
        eventually("site-b takes all of EEP", Duration.ofSeconds(2), () -> weight("site-b", "EEP", "site-b") == 100);
        eventually(
                "site-a demoted itself",
                WAIT,
                () -> agents.get("site-a").roles().get("EAP") == PlacementRole.STANDBY);
        assertThat(primaries.demotedBeforePromoted("site-a", "site-b", "EAP"))
                .as("the cut-off primary stepped down before the survivor was promoted")
                .isTrue();
        assertThat(state("site-b").site("site-a").orElseThrow().state()).isEqualTo(SiteState.DOWN);

        // the cut heals: site-a catches up, is up again, and after 2 s of stability gets its work back
        long healed = System.nanoTime();
        cluster.isolate("site-a", false);
        awaitSettled();
        assertThat(Duration.ofNanos(System.nanoTime() - healed)).isGreaterThan(POLICY.stabilization());
        assertThat(state("site-a").history())
                .anyMatch(e -> e.type().equals("failover"))
                .anyMatch(e -> e.type().equals("failback"));
    }

    @Test
    void aCrashedSiteLosesItsWorkAndTheLeaderRoleToTheSurvivor() throws Exception {
        awaitSettled();
        crash("site-a");
        eventually(
                "site-b runs everything",
                WAIT,
                () -> agents.get("site-b").roles().get("EAP") == PlacementRole.PRIMARY
                        && weight("site-b", "EEP", "site-b") == 100);
        eventually(
                "site-a down",
                WAIT,
                () -> state("site-b")
                        .site("site-a")
                        .map(x -> x.state() == SiteState.DOWN)
                        .orElse(false));
        startSite("site-a");
        awaitSettled();
    }

    @Test
    void aRolloutUpdatesOneComponentOnOneSiteAtATimeWithoutLosingService() throws Exception {
        awaitSettled();
        Coordinator any = java.util.Objects.requireNonNull(cluster.member("witness"));
        List<ClusterState.RolloutStep> steps = new ArrayList<>();
        for (String site : List.of("site-b", "site-a")) {
            for (String c : List.of("EAP", "EEP")) {
                steps.add(new ClusterState.RolloutStep(c, site, ClusterState.StepPhase.PENDING, ""));
            }
        }
        // while it runs, every component serves somewhere at every state any site applies
        List<String> outages = java.util.Collections.synchronizedList(new ArrayList<>());
        Coordinator.Subscription serving = any.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState s) {
                for (ClusterState.Component c : s.components().values()) {
                    boolean served =
                            c.placement().stream().anyMatch(p -> p.role() == PlacementRole.ACTIVE && p.weight() > 0);
                    if (c.mode() == Mode.ACTIVE_ACTIVE && !served) {
                        outages.add("version " + s.version() + ": " + c.name() + " served nowhere");
                    }
                }
            }
        });
        any.submit(new ClusterChange.StartRollout("r1", steps, "test", java.time.Instant.now()))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        eventually(
                "rollout r1 done",
                Duration.ofSeconds(90),
                () -> state("witness").rollouts().get("r1").status() == ClusterState.RolloutStatus.DONE);
        serving.close();
        assertThat(outages).isEmpty();
        String log = Files.readString(dir.resolve("hooks/hooks.log"), StandardCharsets.UTF_8);
        List<String> updates = log.lines().filter(l -> l.startsWith("update ")).toList();
        assertThat(updates)
                .as("one update per step, in the plan's order")
                .extracting(l -> l.split(" ")[1] + " " + l.split(" ")[2])
                .containsExactly("site-b EAP", "site-b EEP", "site-a EAP", "site-a EEP");
        ClusterState s = state("site-a");
        assertThat(s.controls()).as("nothing is left drained").isEmpty();
        assertThat(s.rollouts().get("r1").steps()).allMatch(x -> x.phase() == ClusterState.StepPhase.DONE);
        // and the spread comes back (EAP to its preferred site-a after the stabilization period)
        awaitSettled();
    }

    @Test
    void aFailedUpdatePausesTheRolloutAndLeavesTheComponentOffTheSite() throws Exception {
        awaitSettled();
        Files.writeString(dir.resolve("hooks/fail-update"), "");
        Coordinator any = java.util.Objects.requireNonNull(cluster.member("site-b"));
        any.submit(new ClusterChange.StartRollout(
                        "r2",
                        List.of(new ClusterState.RolloutStep("EEP", "site-a", ClusterState.StepPhase.PENDING, "")),
                        "test",
                        java.time.Instant.now()))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        eventually(
                "rollout r2 paused",
                Duration.ofSeconds(30),
                () -> state("site-b").rollouts().get("r2").status() == ClusterState.RolloutStatus.PAUSED);
        ClusterState.Rollout r = state("site-b").rollouts().get("r2");
        assertThat(r.steps().get(0).phase()).isEqualTo(ClusterState.StepPhase.FAILED);
        assertThat(r.steps().get(0).detail()).contains("update exit 7");
        assertThat(weight("site-b", "EEP", "site-a")).isZero();
        assertThat(weight("site-b", "EEP", "site-b")).isEqualTo(100);

        Files.delete(dir.resolve("hooks/fail-update"));
        any.submit(new ClusterChange.ControlRollout("r2", "resume", "test", java.time.Instant.now()))
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        eventually(
                "rollout r2 done after resume",
                Duration.ofSeconds(60),
                () -> state("site-b").rollouts().get("r2").status() == ClusterState.RolloutStatus.DONE);
        awaitSettled();
    }

    /**
     * When each site acted as primary of a component, from the hooks' own record: from the end of a promote hook to the
     * end of the demote hook (or the crash) that ended it.
     */
    static final class PrimaryRecord {
        private record Interval(String site, String component, long from, long to) {}

        private final Map<String, Long> open = new LinkedHashMap<>();
        private final List<Interval> closed = new ArrayList<>();
        private final Map<String, Long> lastDemote = new LinkedHashMap<>();
        private final Map<String, Long> lastPromote = new LinkedHashMap<>();

        synchronized void hook(SiteAgent.HookEvent e) {
            long now = System.nanoTime();
            String key = e.site() + "/" + e.component();
            if (e.hook().equals("promote") && e.ok()) {
                open.put(key, now);
                lastPromote.put(key, now);
            } else if (e.hook().equals("demote")) {
                Long from = open.remove(key);
                if (from != null) {
                    closed.add(new Interval(e.site(), e.component(), from, now));
                }
                lastDemote.put(key, now);
            }
        }

        synchronized void crashed(String site) {
            long now = System.nanoTime();
            for (String key : new ArrayList<>(open.keySet())) {
                if (key.startsWith(site + "/")) {
                    closed.add(new Interval(site, key.substring(site.length() + 1), open.remove(key), now));
                }
            }
        }

        synchronized boolean demotedBeforePromoted(String old, String next, String component) {
            Long d = lastDemote.get(old + "/" + component);
            Long p = lastPromote.get(next + "/" + component);
            return d != null && p != null && d - p < 0;
        }

        synchronized List<String> overlaps() {
            List<Interval> all = new ArrayList<>(closed);
            long now = System.nanoTime();
            open.forEach((k, from) -> {
                int slash = k.indexOf('/');
                all.add(new Interval(k.substring(0, slash), k.substring(slash + 1), from, now));
            });
            List<String> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    Interval a = all.get(i);
                    Interval b = all.get(j);
                    if (a.component().equals(b.component())
                            && !a.site().equals(b.site())
                            && a.from() - b.to() < 0
                            && b.from() - a.to() < 0) {
                        out.add(a + " overlaps " + b);
                    }
                }
            }
            return out;
        }
    }
}
