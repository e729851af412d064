package io.triad.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Coordinator} must do, the single-site one and the Ratis one alike: apply submitted changes in
 * order and answer with the version, refuse what does not fit the state without changing it, let watchers follow the
 * state and the leadership, name one leader that holds a lease, and come back with the same state after a restart.
 */
abstract class CoordinatorContract {
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    /** Starts the implementation's members on {@code dir} (new or used before) and returns them, the tested first. */
    abstract List<Coordinator> open(Path dir) throws Exception;

    /** Closes every member {@link #open} started. */
    abstract void closeAll();

    @AfterEach
    void tearDown() {
        closeAll();
    }

    static long await(java.util.concurrent.CompletableFuture<Long> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    static void eventually(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    static List<ClusterChange> threeSites() {
        return List.of(
                new ClusterChange.PutSite("site-a", SiteRole.DATA, SiteState.UP, T0),
                new ClusterChange.PutSite("site-b", SiteRole.DATA, SiteState.UP, T0.plusSeconds(1)),
                new ClusterChange.PutSite("witness", SiteRole.WITNESS, SiteState.UP, T0.plusSeconds(2)));
    }

    static ClusterChange eapPrimaryOn(String site, String standby, long expectedEpoch) {
        return new ClusterChange.Place(
                "EAP",
                Mode.ACTIVE_STANDBY,
                List.of(
                        new Placement(site, PlacementRole.PRIMARY, 100),
                        new Placement(standby, PlacementRole.STANDBY, 0)),
                expectedEpoch,
                T0.plusSeconds(10));
    }

    @Test
    void submittedChangesAreAppliedInOrderAndAnswerTheirVersion() throws Exception {
        Coordinator c = open(dir).get(0);
        long v0 = c.state().version();
        long last = v0;
        for (ClusterChange ch : threeSites()) {
            long v = await(c.submit(ch));
            assertThat(v).isEqualTo(last + 1);
            last = v;
        }
        ClusterState s = c.state();
        assertThat(s.version()).isEqualTo(v0 + 3);
        assertThat(s.sites()).containsOnlyKeys("site-a", "site-b", "witness");
        assertThat(s.sites().get("witness").role()).isEqualTo(SiteRole.WITNESS);
        assertThat(s.history())
                .extracting(ClusterState.Event::at)
                .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
    }

    @Test
    void aChangeThatDoesNotFitIsRefusedAndChangesNothing() throws Exception {
        Coordinator c = open(dir).get(0);
        for (ClusterChange ch : threeSites()) {
            await(c.submit(ch));
        }
        ClusterState before = c.state();
        assertThatThrownBy(() -> await(c.submit(new ClusterChange.SetSiteState("site-x", SiteState.DOWN, T0))))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RejectedChangeException.class)
                .hasMessageContaining("unknown site 'site-x'");
        assertThatThrownBy(() -> await(c.submit(eapPrimaryOn("witness", "site-a", -1))))
                .cause()
                .isInstanceOf(RejectedChangeException.class)
                .hasMessageContaining("never runs a component");
        assertThat(c.state()).isEqualTo(before);
    }

    @Test
    void eachPromotionStartsANewEpochAndAStaleDecisionIsRefused() throws Exception {
        Coordinator c = open(dir).get(0);
        for (ClusterChange ch : threeSites()) {
            await(c.submit(ch));
        }
        await(c.submit(eapPrimaryOn("site-a", "site-b", 0)));
        assertThat(c.state().epoch()).isEqualTo(1);
        await(c.submit(eapPrimaryOn("site-b", "site-a", 1)));
        assertThat(c.state().epoch()).isEqualTo(2);
        assertThat(c.state().component("EAP").flatMap(ClusterState.Component::primary))
                .contains("site-b");
        // a controller that decided in epoch 1 cannot move the primary back
        assertThatThrownBy(() -> await(c.submit(eapPrimaryOn("site-a", "site-b", 1))))
                .cause()
                .isInstanceOf(RejectedChangeException.class)
                .hasMessageContaining("decided in epoch 1 but the cluster is in epoch 2");
        assertThat(c.state().history().get(c.state().history().size() - 1).type())
                .isEqualTo("promotion");
    }

    @Test
    void watchersHearTheCurrentStateThenEveryChangeInOrder() throws Exception {
        Coordinator c = open(dir).get(0);
        List<Long> versions = new CopyOnWriteArrayList<>();
        List<Optional<String>> leaders = new CopyOnWriteArrayList<>();
        try (Coordinator.Subscription s = c.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                versions.add(state.version());
            }

            @Override
            public void leaderChanged(Optional<String> leader, long term) {
                leaders.add(leader);
            }
        })) {
            long v0 = c.state().version();
            long last = 0;
            for (ClusterChange ch : threeSites()) {
                last = await(c.submit(ch));
            }
            long target = last;
            eventually("the watcher heard version " + target, Duration.ofSeconds(5), () -> versions.contains(target));
            assertThat(versions).isSorted();
            assertThat(versions).contains(v0 + 1, v0 + 2, v0 + 3);
            eventually(
                    "the watcher heard a leader",
                    Duration.ofSeconds(5),
                    () -> leaders.stream().anyMatch(Optional::isPresent));
        }
        long heard = versions.size();
        await(c.submit(new ClusterChange.Note("test", "", "after the subscription ended", T0)));
        Thread.sleep(100);
        assertThat(versions).hasSize((int) heard);
    }

    @Test
    void exactlyOneMemberLeadsAndEveryMemberHoldsALease() throws Exception {
        List<Coordinator> members = open(dir);
        eventually(
                "one leader",
                Duration.ofSeconds(10),
                () -> members.stream().filter(Coordinator::isLeader).count() == 1);
        Coordinator leader =
                members.stream().filter(Coordinator::isLeader).findFirst().orElseThrow();
        for (Coordinator m : members) {
            eventually(
                    m.siteId() + " knows the leader",
                    Duration.ofSeconds(5),
                    () -> m.leader().equals(Optional.of(leader.siteId())));
            eventually(m.siteId() + " holds a lease", Duration.ofSeconds(5), m::holdsLease);
        }
        eventually(
                "the leader's leadership is exclusive",
                Duration.ofSeconds(5),
                () -> leader.lease().leaderAt(System.nanoTime()));
        assertThat(leader.lease().isLeader()).isTrue();
    }

    @Test
    void aRestartComesBackWithTheSameState() throws Exception {
        Coordinator c = open(dir).get(0);
        for (ClusterChange ch : threeSites()) {
            await(c.submit(ch));
        }
        await(c.submit(eapPrimaryOn("site-a", "site-b", -1)));
        await(c.submit(new ClusterChange.ReportHealth("site-b", "EAP", false, "probe timed out", T0.plusSeconds(20))));
        ClusterState before = c.state();
        closeAll();
        Coordinator again = open(dir).get(0);
        eventually(
                "the state is restored",
                Duration.ofSeconds(10),
                () -> again.state().equals(before));
        assertThat(again.state().epoch()).isEqualTo(1);
        assertThat(again.state().health().get("site-b/EAP").detail()).isEqualTo("probe timed out");
        long v = await(again.submit(new ClusterChange.Note("test", "", "after restart", T0)));
        assertThat(v).isEqualTo(before.version() + 1);
    }
}
