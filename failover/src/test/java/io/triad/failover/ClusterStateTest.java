package io.triad.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Applying changes is a pure function of the state and the change; the JSON of changes and snapshots round-trips. */
class ClusterStateTest {
    private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    private static ClusterState apply(ClusterState s, List<ClusterChange> changes) throws RejectedChangeException {
        for (ClusterChange c : changes) {
            s = c.applyTo(s);
        }
        return s;
    }

    private static List<ClusterChange> story() {
        List<ClusterChange> cs = new ArrayList<>(CoordinatorContract.threeSites());
        cs.add(new ClusterChange.Place(
                "EEP",
                Mode.ACTIVE_ACTIVE,
                List.of(
                        new Placement("site-a", PlacementRole.ACTIVE, 50),
                        new Placement("site-b", PlacementRole.ACTIVE, 50)),
                -1,
                T));
        cs.add(CoordinatorContract.eapPrimaryOn("site-a", "site-b", -1));
        cs.add(new ClusterChange.ReportHealth("site-a", "", true, "ok", T));
        ObjectNodeHolder h = new ObjectNodeHolder();
        cs.add(new ClusterChange.RecordAttestation("site-a", h.node, T));
        cs.add(new ClusterChange.SetSiteState("site-b", ClusterState.SiteState.MAINTENANCE, T));
        return cs;
    }

    private static final class ObjectNodeHolder {
        final com.fasterxml.jackson.databind.node.ObjectNode node =
                JsonNodeFactory.instance.objectNode().put("serial", "TRD-1").put("valid", true);
    }

    @Test
    void theSameChangesGiveTheSameStateAndTheSameJson() throws Exception {
        ClusterState a = apply(ClusterState.EMPTY, story());
        ClusterState b = apply(ClusterState.EMPTY, story());
        assertThat(a).isEqualTo(b);
        assertThat(new String(ClusterJson.state(a), StandardCharsets.UTF_8))
                .isEqualTo(new String(ClusterJson.state(b), StandardCharsets.UTF_8));
        assertThat(a.version()).isEqualTo(story().size());
        assertThat(a.epoch()).isEqualTo(1);
        assertThat(a.attestations().get("site-a").evidence().get("serial").asText())
                .isEqualTo("TRD-1");
    }

    @Test
    void anOperatorsControlEventNamesTheSiteItIsAbout() throws Exception {
        ClusterState s = apply(ClusterState.EMPTY, story());
        s = new ClusterChange.SetControl("EEP", "", List.of("site-a"), "admin", T).applyTo(s);
        assertThat(s.history().getLast().site()).as("drained off site-a").isEqualTo("site-a");
        s = new ClusterChange.SetControl("EEP", "site-b", List.of("site-a"), "admin", T).applyTo(s);
        assertThat(s.history().getLast().site()).as("pinned to site-b").isEqualTo("site-b");
        s = new ClusterChange.SetControl("EEP", "", List.of("site-a"), "admin", T).applyTo(s);
        assertThat(s.history().getLast().site()).as("unpinned from site-b").isEqualTo("site-b");
        s = new ClusterChange.SetControl("EEP", "", List.of(), "admin", T).applyTo(s);
        assertThat(s.history().getLast().site()).as("undrained on site-a").isEqualTo("site-a");
        assertThat(s.history().getLast().detail()).isEqualTo("EEP not pinned, drained nowhere by admin");
    }

    @Test
    void takingTheLastSiteThatCanRunAComponentOutOfServiceWouldStopIt() throws Exception {
        // story(): EEP active on both data sites, EAP primary on site-a, site-b in maintenance
        ClusterState s = apply(ClusterState.EMPTY, story());
        assertThat(s.stoppedIfOutOfService("site-a", java.util.Optional.empty()))
                .as("site-b is in maintenance: nothing else may run them")
                .containsExactly("EAP", "EEP");
        assertThat(s.stoppedIfOutOfService("site-a", java.util.Optional.of("EEP")))
                .containsExactly("EEP");
        assertThat(s.stoppedIfOutOfService("site-b", java.util.Optional.empty()))
                .as("site-a can take them")
                .isEmpty();
        s = new ClusterChange.SetSiteState("site-b", ClusterState.SiteState.UP, T).applyTo(s);
        assertThat(s.stoppedIfOutOfService("site-a", java.util.Optional.empty()))
                .isEmpty();
        s = new ClusterChange.SetControl("EEP", "", List.of("site-b"), "admin", T).applyTo(s);
        assertThat(s.stoppedIfOutOfService("site-a", java.util.Optional.empty()))
                .as("EEP is drained off site-b")
                .containsExactly("EEP");
        assertThat(s.stoppedIfOutOfService("witness", java.util.Optional.empty()))
                .as("the witness runs nothing")
                .isEmpty();
    }

    @Test
    void changesAndSnapshotsRoundTripThroughJson() throws Exception {
        for (ClusterChange c : story()) {
            byte[] json = ClusterJson.change(c);
            assertThat(ClusterJson.change(json)).isEqualTo(c);
        }
        assertThat(new String(ClusterJson.change(story().get(3)), StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"place\"")
                .contains("\"mode\":\"active-active\"", "\"role\":\"active\"");
        ClusterState s = apply(ClusterState.EMPTY, story());
        ClusterJson.Snapshot snap = ClusterJson.snapshot(ClusterJson.snapshot(3, 42, s));
        assertThat(snap.format()).isEqualTo(1);
        assertThat(snap.term()).isEqualTo(3);
        assertThat(snap.index()).isEqualTo(42);
        assertThat(snap.state()).isEqualTo(s);
    }

    @Test
    void aBatchAppliesItsChangesInOrderAllOrNone() throws Exception {
        List<ClusterChange> story = story();
        ClusterState one = apply(ClusterState.EMPTY, story);
        ClusterChange batch = ClusterChange.Batch.of(story);
        assertThat(ClusterJson.change(ClusterJson.change(batch))).isEqualTo(batch);
        ClusterState batched = batch.applyTo(ClusterState.EMPTY);
        assertThat(batched).as("the same state as the changes one by one").isEqualTo(one);
        assertThat(batched.version()).isEqualTo(story.size());
        // a refused change refuses the whole batch, and the state stays as it was
        ClusterChange bad = ClusterChange.Batch.of(List.of(
                new ClusterChange.Note("test", "", "first", T),
                new ClusterChange.SetSiteState("nowhere", ClusterState.SiteState.DOWN, T)));
        assertThatThrownBy(() -> bad.applyTo(one)).isInstanceOf(RejectedChangeException.class);
        assertThat(ClusterChange.Batch.of(List.of(story.getFirst()))).isSameAs(story.getFirst());
        assertThatThrownBy(() -> new ClusterChange.Batch(List.of(batch), T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterChange.Batch(List.of(), T)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHistoryKeepsTheLatestEvents() throws Exception {
        ClusterState s = apply(ClusterState.EMPTY, CoordinatorContract.threeSites());
        for (int i = 0; i < ClusterState.MAX_HISTORY + 20; i++) {
            s = new ClusterChange.Note("test", "", "n" + i, T).applyTo(s);
        }
        assertThat(s.history()).hasSize(ClusterState.MAX_HISTORY);
        assertThat(s.history().get(s.history().size() - 1).detail()).isEqualTo("n" + (ClusterState.MAX_HISTORY + 19));
        assertThat(s.history().get(s.history().size() - 1).version()).isEqualTo(s.version());
    }

    @Test
    void placementsThatBreakTheModeAreRefused() throws Exception {
        ClusterState s = apply(ClusterState.EMPTY, CoordinatorContract.threeSites());
        assertThatThrownBy(() -> new ClusterChange.Place(
                                "EAP",
                                Mode.ACTIVE_STANDBY,
                                List.of(
                                        new Placement("site-a", PlacementRole.PRIMARY, 100),
                                        new Placement("site-b", PlacementRole.PRIMARY, 100)),
                                -1,
                                T)
                        .applyTo(s))
                .isInstanceOf(RejectedChangeException.class)
                .hasMessageContaining("has 2 primaries; at most 1 allowed");
        assertThatThrownBy(() -> new ClusterChange.Place(
                                "EEP",
                                Mode.ACTIVE_ACTIVE,
                                List.of(new Placement("site-a", PlacementRole.PRIMARY, 100)),
                                -1,
                                T)
                        .applyTo(s))
                .hasMessageContaining("takes the roles active and stopped only");
        assertThatThrownBy(() -> new Placement("site-a", PlacementRole.ACTIVE, 101))
                .hasMessageContaining("weight must be within 0..100; got: 101");
        ClusterState placed =
                CoordinatorContract.eapPrimaryOn("site-a", "site-b", -1).applyTo(s);
        assertThatThrownBy(() -> new ClusterChange.PutSite(
                                "site-a", ClusterState.SiteRole.WITNESS, ClusterState.SiteState.UP, T)
                        .applyTo(placed))
                .hasMessageContaining("runs components and cannot become the witness");
    }
}
