package io.triad.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.failover.ClusterChange;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import io.triad.failover.FailoverPolicy;
import io.triad.failover.SingleSiteCoordinator;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster API's resource over a real coordinator (the single-site one, on a file under the test's directory): the
 * view it answers, the operators' actions and the rollouts, called as Jersey calls them. The same API over HTTP with
 * three sites is covered by the appliance's end-to-end tests (ClusterUiIT, DemoFailoverIT).
 */
class ClusterResourceTest {
    private static final Instant T0 = Instant.parse("2026-12-08T00:00:00Z");

    @TempDir
    Path dir;

    private SingleSiteCoordinator coordinator;
    private ClusterResource resource;

    @BeforeEach
    void start() throws Exception {
        coordinator = SingleSiteCoordinator.open("site-a", dir);
        for (ClusterChange c : List.of(
                new ClusterChange.PutSite("site-a", SiteRole.DATA, SiteState.UP, T0),
                new ClusterChange.PutSite("site-b", SiteRole.DATA, SiteState.UP, T0),
                new ClusterChange.PutSite("witness", SiteRole.WITNESS, SiteState.UP, T0),
                new ClusterChange.Place(
                        "EAP",
                        Mode.ACTIVE_STANDBY,
                        List.of(
                                new Placement("site-a", PlacementRole.PRIMARY, 100),
                                new Placement("site-b", PlacementRole.STANDBY, 0)),
                        -1,
                        T0),
                new ClusterChange.ReportHealth("site-a", "EAP", true, "200 OK in 3 ms", T0))) {
            coordinator.submit(c).get(5, TimeUnit.SECONDS);
        }
        resource = new ClusterResource(
                coordinator,
                FailoverPolicy.defaults(Duration.ofSeconds(1)),
                Clock.systemUTC(),
                4,
                Duration.ofSeconds(5),
                () -> Map.of("EAP", PlacementRole.PRIMARY));
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
    }

    @Test
    void theViewShowsSitesComponentsPlacementAndHealth() {
        Map<String, Object> view = resource.cluster();
        assertThat(view).containsKeys("sites", "components", "epoch", "version", "leader");
        assertThat(String.valueOf(view.get("sites"))).contains("site-a", "site-b", "witness");
        String components = String.valueOf(view.get("components"));
        assertThat(components).contains("EAP", "active-standby", "primary", "200 OK in 3 ms");
        assertThat(String.valueOf(view.get("agent"))).contains("EAP");
    }

    @Test
    void historyAnswersTheNewestFirstWithinItsLimit() {
        Map<String, Object> h = resource.history(2);
        assertThat((List<?>) h.get("events")).hasSizeLessThanOrEqualTo(2);
        assertThatThrownBy(() -> resource.history(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be within 1..");
    }

    @Test
    void operatorsMovePinDrainAndUndrain() {
        assertThat(resource.move("EAP", new ClusterResource.SiteBody("site-b"), anonymous())
                        .getStatus())
                .isEqualTo(202);
        assertThat(coordinator.state().control("EAP").pinned()).isEqualTo("site-b");
        assertThat(resource.unpin("EAP", anonymous()).getStatus()).isEqualTo(202);
        assertThat(coordinator.state().control("EAP").pinned()).isEmpty();

        assertThat(resource.drain("EAP", new ClusterResource.SiteBody("site-a"), false, anonymous())
                        .getStatus())
                .isEqualTo(202);
        assertThat(coordinator.state().control("EAP").drained()).containsExactly("site-a");
        Response last = resource.drain("EAP", new ClusterResource.SiteBody("site-b"), false, anonymous());
        assertThat(last.getStatus())
                .as("draining the last site that can run EAP")
                .isEqualTo(409);
        assertThat(String.valueOf(last.getEntity())).contains("wouldStop", "EAP");
        assertThat(resource.drain("EAP", new ClusterResource.SiteBody("site-b"), true, anonymous())
                        .getStatus())
                .isEqualTo(202);
        assertThat(resource.undrain("EAP", new ClusterResource.SiteBody("site-a"), anonymous())
                        .getStatus())
                .isEqualTo(202);
        assertThat(coordinator.state().control("EAP").drained()).containsExactly("site-b");
    }

    @Test
    void maintenanceOfASiteAndOfAnUnknownOne() {
        assertThat(resource.maintenance("nowhere", new ClusterResource.MaintenanceBody(true), false, anonymous())
                        .getStatus())
                .isEqualTo(404);
        assertThatThrownBy(() ->
                        resource.maintenance("site-b", new ClusterResource.MaintenanceBody(null), false, anonymous()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(resource.maintenance("site-b", new ClusterResource.MaintenanceBody(true), false, anonymous())
                        .getStatus())
                .isEqualTo(202);
        assertThat(coordinator.state().site("site-b").orElseThrow().state()).isEqualTo(SiteState.MAINTENANCE);
        assertThat(resource.maintenance("site-b", new ClusterResource.MaintenanceBody(false), false, anonymous())
                        .getStatus())
                .isEqualTo(202);
        assertThat(coordinator.state().site("site-b").orElseThrow().state()).isEqualTo(SiteState.UP);
    }

    @Test
    void aRolloutIsStartedPausedResumedAndCancelled() {
        assertThat(String.valueOf(resource.rollouts())).contains("rollouts");
        Response started = resource.startRollout(
                new ClusterResource.RolloutBody("r-1", null, List.of("EAP"), List.of("site-b", "site-a")), anonymous());
        assertThat(started.getStatus()).as(String.valueOf(started.getEntity())).isEqualTo(202);
        assertThat(resource.rollout("r-1").getStatus()).isEqualTo(200);
        assertThat(String.valueOf(resource.rollout("r-1").getEntity())).contains("EAP", "site-b");
        assertThat(resource.rollout("r-0").getStatus()).isEqualTo(404);
        assertThat(resource.pauseRollout("r-1", anonymous()).getStatus()).isEqualTo(202);
        assertThat(resource.resumeRollout("r-1", anonymous()).getStatus()).isEqualTo(202);
        assertThat(resource.cancelRollout("r-1", anonymous()).getStatus()).isEqualTo(202);
        assertThat(String.valueOf(resource.rollout("r-1").getEntity())).contains("cancelled");
    }

    private static SecurityContext anonymous() {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> "tester";
            }

            @Override
            public boolean isUserInRole(String role) {
                return true;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "test";
            }
        };
    }
}
