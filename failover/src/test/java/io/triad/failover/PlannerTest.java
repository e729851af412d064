package io.triad.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import io.triad.failover.agent.HealthCheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's decisions, round by round, on a state that the changes really build (each change is applied as the
 * state machine would) and a clock the test moves. The agents' reports are the changes their agents would submit.
 */
class PlannerTest {
    private static final Duration LEASE = Duration.ofMillis(1000);
    private static final FailoverPolicy POLICY = new FailoverPolicy(
            LEASE,
            Duration.ofMillis(300),
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            3,
            Duration.ofSeconds(5),
            Duration.ofMillis(100));
    private static final HealthCheckSpec NONE = new HealthCheckSpec("none", "", 1000, 500, 2, 2);
    private static final ComponentSpec EAP =
            new ComponentSpec("EAP", Mode.ACTIVE_STANDBY, "site-a", NONE, Map.of(), Duration.ofSeconds(5));
    private static final ComponentSpec AAM =
            new ComponentSpec("AAM", Mode.ACTIVE_STANDBY, "", NONE, Map.of(), Duration.ofSeconds(5));
    private static final ComponentSpec EEP =
            new ComponentSpec("EEP", Mode.ACTIVE_ACTIVE, "", NONE, Map.of(), Duration.ofSeconds(5));

    private ClusterState state;
    private long now;
    private Instant wall;
    private Planner planner;
    private final Map<String, Boolean> reachable = new LinkedHashMap<>();
    private final Map<String, Long> silentSince = new LinkedHashMap<>();
    private final List<ClusterChange> applied = new ArrayList<>();
    private final PlacementChecker safety = new PlacementChecker();

    @BeforeEach
    void cluster() throws Exception {
        state = ClusterState.EMPTY;
        now = TimeUnit.SECONDS.toNanos(1000);
        wall = Instant.parse("2026-12-02T10:00:00Z");
        for (String[] s : new String[][] {{"site-a", "data"}, {"site-b", "data"}, {"witness", "witness"}}) {
            state = new ClusterChange.PutSite(
                            s[0], s[1].equals("data") ? SiteRole.DATA : SiteRole.WITNESS, SiteState.UP, wall)
                    .applyTo(state);
            reachable.put(s[0], true);
        }
        planner = new Planner(POLICY, List.of(EAP, AAM, EEP), List.of("site-a", "site-b"));
    }

    @Test
    void definesComponentsThenPromotesEachActiveStandbyOneOnItsPreferredSite() throws Exception {
        round();
        assertThat(state.component("EEP").orElseThrow().placement())
                .containsExactly(
                        new Placement("site-a", PlacementRole.ACTIVE, 50),
                        new Placement("site-b", PlacementRole.ACTIVE, 50));
        assertThat(state.component("EAP").orElseThrow().primary()).isEmpty();
        assertThat(state.epoch()).isZero();

        agentsApply();
        round();
        // EAP prefers site-a; AAM, the second active-standby component, is spread to site-b
        assertThat(primary("EAP")).isEqualTo("site-a");
        assertThat(primary("AAM")).isEqualTo("site-b");
        assertThat(state.epoch()).isEqualTo(2);
        assertThat(state.component("EAP").orElseThrow().placement())
                .contains(new Placement("site-b", PlacementRole.STANDBY, 0));
        agentsApply();
        assertThat(round()).as("a settled cluster needs no change").isEmpty();
    }

    @Test
    void aSilentSiteIsFailedOverOnlyOnceItIsFencedAndInOneStep() throws Exception {
        settle();
        long epoch = state.epoch();
        silence("site-a");

        advance(Duration.ofMillis(1100)); // unreachable, but its lease may still run
        List<ClusterChange> c = round();
        assertThat(primary("EAP"))
                .as("no promotion before the silent primary is fenced")
                .isEqualTo("site-a");
        assertThat(state.component("EEP").orElseThrow().placement())
                .as("active-active: the survivor takes all the load at once")
                .containsExactly(
                        new Placement("site-a", PlacementRole.STOPPED, 0),
                        new Placement("site-b", PlacementRole.ACTIVE, 100));
        assertThat(c)
                .anyMatch(x -> x instanceof ClusterChange.Note n && n.type().equals("failover"));

        advance(Duration.ofMillis(250)); // 1350 ms > lease 1000 + margin 300
        round();
        assertThat(primary("EAP")).isEqualTo("site-b");
        assertThat(state.epoch()).isEqualTo(epoch + 1);
        assertThat(state.site("site-a").orElseThrow().state()).isEqualTo(SiteState.DOWN);
        assertThat(state.component("EAP").orElseThrow().placement())
                .contains(new Placement("site-a", PlacementRole.STOPPED, 0));
        assertThat(state.history())
                .anyMatch(e -> e.type().equals("failover") && e.detail().contains("EAP primary site-a -> site-b"));
    }

    @Test
    void theReturningSiteGetsItsWorkBackOnlyAfterTheStabilizationPeriodInTwoSteps() throws Exception {
        settle();
        silence("site-a");
        advance(Duration.ofMillis(1400));
        round();
        agentsApply();
        assertThat(primary("EAP")).isEqualTo("site-b");

        wake("site-a");
        round();
        assertThat(state.site("site-a").orElseThrow().state()).isEqualTo(SiteState.UP);
        agentsApply();
        advance(Duration.ofSeconds(5));
        round();
        agentsApply();
        assertThat(primary("EAP")).as("not before 10 s of stability").isEqualTo("site-b");
        assertThat(weight("EEP", "site-a")).isZero();

        advance(Duration.ofSeconds(6));
        round();
        assertThat(weight("EEP", "site-a"))
                .as("active-active shares evenly again")
                .isEqualTo(50);
        assertThat(primary("EAP"))
                .as("site-a's standby has run only since its agent reported it after the return, not 10 s")
                .isEqualTo("site-b");
        agentsApply();

        advance(Duration.ofSeconds(5));
        round();
        assertThat(state.component("EAP").orElseThrow().primary())
                .as("first step of the switchover: the current primary steps down")
                .isEmpty();
        long epoch = state.epoch();
        round();
        assertThat(state.component("EAP").orElseThrow().primary())
                .as("no promotion until site-b reports its demotion")
                .isEmpty();
        agentsApply();
        round();
        assertThat(primary("EAP")).isEqualTo("site-a");
        assertThat(state.epoch()).isEqualTo(epoch + 1);
        assertThat(state.history()).anyMatch(e -> e.type().equals("failback"));
    }

    @Test
    void aReturningSiteGetsNoWorkBackUntilItsAgentReportsAgain() throws Exception {
        report("site-a", "EAP", true, "HTTP 200");
        report("site-a", "EEP", true, "HTTP 200");
        settle();
        silence("site-a"); // crashed: its last reports say primary and healthy
        advance(Duration.ofMillis(1400));
        round();
        agentsApply();
        assertThat(primary("EAP")).isEqualTo("site-b");

        wake("site-a"); // the process is back, its agent has not reported yet
        round();
        agentsApply("site-a");
        advance(Duration.ofSeconds(30));
        round();
        agentsApply("site-a");
        round();
        assertThat(primary("EAP"))
                .as("the reports from before the crash do not count: nothing shows the standby runs")
                .isEqualTo("site-b");
        assertThat(weight("EEP", "site-a")).as("nor that EEP runs there").isZero();

        agentsApply();
        report("site-a", "EAP", true, "HTTP 200 after the restart");
        report("site-a", "EEP", true, "HTTP 200 after the restart");
        round();
        agentsApply();
        advance(Duration.ofSeconds(11));
        round();
        assertThat(weight("EEP", "site-a")).isEqualTo(50);
        assertThat(state.component("EAP").orElseThrow().primary())
                .as("failback starts once the fresh reports are older than the stabilization period")
                .isEmpty();
    }

    @Test
    void aSwitchoverPromotesAnywayWhenTheDemotionIsNotReportedInTime() throws Exception {
        settle();
        report("site-a", "EAP", false, "HTTP 503");
        round();
        assertThat(state.component("EAP").orElseThrow().primary()).isEmpty();
        round();
        assertThat(state.component("EAP").orElseThrow().primary()).isEmpty();
        advance(Duration.ofSeconds(6)); // demote timeout 5 s; site-a's agent never answered
        round();
        assertThat(primary("EAP")).isEqualTo("site-b");
        assertThat(state.history())
                .anyMatch(e -> e.type().equals("failover") && e.detail().contains("unhealthy: HTTP 503"));
    }

    @Test
    void anUnhealthyActiveActiveInstanceIsStoppedAndTriedAgainAfterTheFailureTimeout() throws Exception {
        settle();
        report("site-b", "EEP", false, "connect refused");
        round();
        assertThat(weight("EEP", "site-b")).isZero();
        assertThat(weight("EEP", "site-a")).isEqualTo(100);
        agentsApply();
        advance(Duration.ofSeconds(30));
        round();
        assertThat(weight("EEP", "site-b")).isZero();
        advance(Duration.ofSeconds(31));
        round();
        assertThat(weight("EEP", "site-b")).as("tried again after 60 s").isEqualTo(50);
    }

    @Test
    void flappingStopsAutomaticFailbackButNeverFailover() throws Exception {
        settle();
        for (int i = 0; i < 3; i++) {
            report("site-a", "EAP", false, "flap " + i);
            round();
            agentsApply();
            round();
            agentsApply();
            assertThat(primary("EAP")).isEqualTo("site-b");
            report("site-a", "EAP", true, "ok");
            round(); // the controller sees the recovery at its next round
            advance(Duration.ofSeconds(10L << Math.max(0, i))); // the stabilization doubles with each failover
            round();
            agentsApply();
            round();
            agentsApply();
            if (i < 2) {
                assertThat(primary("EAP")).as("failback %d", i).isEqualTo("site-a");
            }
        }
        assertThat(primary("EAP"))
                .as("three failovers within the hour: no automatic failback")
                .isEqualTo("site-b");
        advance(Duration.ofMinutes(10));
        round();
        assertThat(primary("EAP")).isEqualTo("site-b");
        // failover away from a failed site still happens
        silence("site-b");
        advance(Duration.ofMillis(1400));
        round();
        assertThat(primary("EAP")).isEqualTo("site-a");
    }

    @Test
    void drainAndPinMoveTheComponentAndTheWitnessNeverRunsOne() throws Exception {
        settle();
        state = new ClusterChange.SetControl("EEP", "", List.of("site-a"), "op", wall).applyTo(state);
        round();
        assertThat(weight("EEP", "site-a")).isZero();
        assertThat(weight("EEP", "site-b")).isEqualTo(100);

        state = new ClusterChange.SetControl("EAP", "site-b", List.of(), "op", wall).applyTo(state);
        round();
        agentsApply();
        round();
        assertThat(primary("EAP")).isEqualTo("site-b");
        for (Component c : state.components().values()) {
            assertThat(c.placement()).noneMatch(p -> p.site().equals("witness"));
        }
    }

    @Test
    void maintenanceMovesEverythingOffTheSite() throws Exception {
        settle();
        state = new ClusterChange.SetSiteState("site-a", SiteState.MAINTENANCE, wall).applyTo(state);
        round();
        agentsApply();
        round();
        assertThat(primary("EAP")).isEqualTo("site-b");
        assertThat(weight("EEP", "site-a")).isZero();
        assertThat(state.component("EAP").orElseThrow().placement())
                .contains(new Placement("site-a", PlacementRole.STOPPED, 0));
        assertThat(round())
                .as("maintenance is the operator's: the controller does not end it")
                .isEmpty();
        assertThat(state.site("site-a").orElseThrow().state()).isEqualTo(SiteState.MAINTENANCE);
        // an operator's move is a switchover: it does not count toward the cap on failovers (which stops failback)
        assertThat(state.history())
                .anyMatch(e -> e.type().equals("switchover")
                        && e.detail().startsWith("EAP primary")
                        && e.detail().contains("-> site-b"))
                .anyMatch(e -> e.type().equals("switchover") && e.detail().startsWith("EEP moved off site-a"))
                .noneMatch(e -> e.type().equals("failover"));
        assertThat(state.failoversWithinHour("EAP", wall)).isZero();
        assertThat(state.failoversWithinHour("EEP", wall)).isZero();
    }

    @Test
    void aRolloutStepDrainsWaitsForTheStopAndRefusesToStartWhenNoOtherSiteCanServe() throws Exception {
        settle();
        state = new ClusterChange.StartRollout(
                        "r1",
                        List.of(
                                new ClusterState.RolloutStep("EEP", "site-a", ClusterState.StepPhase.PENDING, ""),
                                new ClusterState.RolloutStep("EAP", "site-b", ClusterState.StepPhase.PENDING, "")),
                        "op",
                        wall)
                .applyTo(state);
        round();
        assertThat(state.control("EEP").drains("site-a")).isTrue();
        assertThat(weight("EEP", "site-a")).isZero();
        assertThat(state.rollouts().get("r1").steps().get(0).phase()).isEqualTo(ClusterState.StepPhase.DRAINING);
        round();
        assertThat(state.rollouts().get("r1").steps().get(0).phase())
                .as("not before site-a's agent reports EEP stopped")
                .isEqualTo(ClusterState.StepPhase.DRAINING);
        agentsApply();
        round();
        assertThat(state.rollouts().get("r1").steps().get(0).phase()).isEqualTo(ClusterState.StepPhase.UPDATING);
        // the agent updated it
        state = new ClusterChange.AdvanceRollout(
                        "r1", 0, ClusterState.StepPhase.UPDATING, ClusterState.StepPhase.CHECKING, "ok", wall)
                .applyTo(state);
        round();
        assertThat(state.control("EEP").drains("site-a"))
                .as("undrained for the health check")
                .isFalse();
        state = new ClusterChange.AdvanceRollout(
                        "r1", 0, ClusterState.StepPhase.CHECKING, ClusterState.StepPhase.DONE, "healthy", wall)
                .applyTo(state);
        assertThat(state.rollouts().get("r1").current()).isEqualTo(1);

        silence("site-a"); // the only other site for EAP@site-b is gone
        advance(Duration.ofMillis(1400));
        round();
        ClusterState.Rollout r = state.rollouts().get("r1");
        assertThat(r.status()).isEqualTo(ClusterState.RolloutStatus.PAUSED);
        assertThat(r.steps().get(1).detail()).contains("no other site can take EAP");
        assertThat(state.control("EAP").drains("site-b")).isFalse();
    }

    @Test
    void anOperatorCanTakeTheLastSiteOutOfService() throws Exception {
        settle();
        silence("site-b");
        advance(Duration.ofMillis(1400));
        round();
        agentsApply();
        assertThat(primary("EAP")).isEqualTo("site-a");
        state = new ClusterChange.SetSiteState("site-a", SiteState.MAINTENANCE, wall).applyTo(state);
        round();
        assertThat(primary("EAP")).as("maintenance means it runs nothing").isEqualTo("none");
        assertThat(weight("EEP", "site-a")).isZero();
        assertThat(state.component("EAP").orElseThrow().placement())
                .contains(new Placement("site-a", PlacementRole.STOPPED, 0));
        state = new ClusterChange.SetSiteState("site-a", SiteState.UP, wall).applyTo(state);
        round();
        agentsApply();
        round();
        assertThat(primary("EAP")).isEqualTo("site-a");
        assertThat(weight("EEP", "site-a")).isEqualTo(100);
        // a drain of the last site stops the component there too, and an undrain starts it at once
        state = new ClusterChange.SetControl("EAP", "", List.of("site-a"), "admin", wall).applyTo(state);
        round();
        assertThat(primary("EAP")).isEqualTo("none");
        assertThat(weight("EEP", "site-a")).as("EEP is not drained").isEqualTo(100);
        state = new ClusterChange.SetControl("EAP", "", List.of(), "admin", wall).applyTo(state);
        round();
        agentsApply();
        round();
        assertThat(primary("EAP")).isEqualTo("site-a");
    }

    // --- the harness

    /** Defines, promotes and lets the agents apply, then moves past the stabilization period. */
    private void settle() throws Exception {
        round();
        agentsApply();
        round();
        agentsApply();
        advance(Duration.ofSeconds(11));
        assertThat(round()).isEmpty();
        assertThat(primary("EAP")).isEqualTo("site-a");
    }

    private List<ClusterChange> round() throws Exception {
        Map<String, Planner.SiteView> views = new LinkedHashMap<>();
        for (String site : reachable.keySet()) {
            boolean r = reachable.get(site);
            Long silent = silentSince.get(site);
            boolean fenced =
                    !r && silent != null && now - silent > POLICY.fenceAfter().toNanos();
            views.put(site, new Planner.SiteView(site, r, fenced));
        }
        List<ClusterChange> changes = planner.plan(state, views, now, wall);
        for (ClusterChange c : changes) {
            state = c.applyTo(state);
            applied.add(c);
        }
        safety.check(state);
        assertThat(safety.violations()).isEmpty();
        return changes;
    }

    /** Each reachable data site's agent reports the role its placement gives it, as after its hooks ran. */
    private void agentsApply(String... silentAgents) throws Exception {
        List<String> silent = List.of(silentAgents);
        for (Component c : state.components().values()) {
            for (Placement p : c.placement()) {
                if (reachable.get(p.site()) && !silent.contains(p.site())) {
                    state = new ClusterChange.ReportRole(
                                    p.site(), c.name(), p.role(), p.weight(), state.epoch(), true, "ok", wall)
                            .applyTo(state);
                }
            }
        }
    }

    private void report(String site, String component, boolean healthy, String detail) throws Exception {
        state = new ClusterChange.ReportHealth(site, component, healthy, detail, wall).applyTo(state);
    }

    private void silence(String site) {
        reachable.put(site, false);
        silentSince.put(site, now);
    }

    private void wake(String site) {
        reachable.put(site, true);
        silentSince.remove(site);
    }

    private void advance(Duration d) {
        now += d.toNanos();
        wall = wall.plus(d);
    }

    private String primary(String component) {
        return state.component(component).orElseThrow().primary().orElse("none");
    }

    private int weight(String component, String site) {
        return state.component(component).orElseThrow().placement().stream()
                .filter(p -> p.site().equals(site) && p.role() == PlacementRole.ACTIVE)
                .mapToInt(Placement::weight)
                .sum();
    }
}
