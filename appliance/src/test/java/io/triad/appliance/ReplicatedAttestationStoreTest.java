package io.triad.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.failover.ClusterChange;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import io.triad.failover.Coordinator;
import io.triad.failover.SingleSiteCoordinator;
import io.triad.licensing.attest.Attestation;
import io.triad.licensing.attest.DongleReading;
import io.triad.licensing.attest.SiteReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated attestation store over a real {@link SingleSiteCoordinator} (its state file under {@code @TempDir}):
 * reports round-trip through the cluster state and its file, malformed entries are skipped and counted once, an
 * unchanged report waits for the refresh interval, a changed one goes at once, a refused submit is counted and
 * retried, and an oversized report is refused with its size.
 */
class ReplicatedAttestationStoreTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration REFRESH = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int salts;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private SingleSiteCoordinator coordinator(boolean withSites) throws Exception {
        SingleSiteCoordinator c = SingleSiteCoordinator.open("site-a", dir);
        open.add(c);
        if (withSites) {
            for (String s : List.of("site-a", "site-b", "witness")) {
                c.submit(new ClusterChange.PutSite(
                                s, s.equals("witness") ? SiteRole.WITNESS : SiteRole.DATA, SiteState.UP, T0))
                        .get();
            }
        }
        return c;
    }

    private ReplicatedAttestationStore store(Coordinator c, int maxBytes, Supplier<Optional<Duration>> maxAge) {
        ReplicatedAttestationStore s = new ReplicatedAttestationStore(
                c, new ReplicatedAttestationStore.Settings(REFRESH, maxBytes, Duration.ofSeconds(5)), maxAge, registry);
        open.add(s);
        return s;
    }

    private ReplicatedAttestationStore store(Coordinator c) {
        return store(c, 65_536, Optional::empty);
    }

    /** A report of {@code site} at {@code at}: its dongle answered (with a fresh salt and signature) or is gone. */
    private SiteReport report(String site, Instant at, boolean dongle) {
        salts++;
        List<DongleReading> ds = dongle
                ? List.of(new DongleReading(
                        "TRD-" + site,
                        "emulated:TRD-" + site,
                        "1.0",
                        new Attestation(site, "TRD-" + site, at, b64(16, salts), b64(64, salts)),
                        null))
                : List.of();
        return new SiteReport(site, at, "emulated", ds, null);
    }

    private static String b64(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    private double submitted(String outcome) {
        return registry.get("triad.license.reports.submitted")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static Instant committedAt(Coordinator c, String site) {
        return c.state().attestations().get(site).at();
    }

    @Test
    void aReportRoundTripsThroughTheClusterStateAndItsFile() throws Exception {
        SingleSiteCoordinator c = coordinator(true);
        ReplicatedAttestationStore store = store(c);
        SiteReport a = report("site-a", T0, true);
        store.publish(a);
        // a peer's report, as its store submitted it on its own site
        SiteReport b = report("site-b", T0.plusMillis(250), true);
        c.submit(new ClusterChange.RecordAttestation("site-b", JSON.valueToTree(b), b.at()))
                .get();

        assertThat(c.state().attestations()).containsOnlyKeys("site-a", "site-b");
        assertThat(c.state()
                        .attestations()
                        .get("site-a")
                        .evidence()
                        .path("dongles")
                        .get(0)
                        .path("attestation")
                        .path("signature")
                        .asText())
                .isEqualTo(a.dongles().get(0).attestation().signature());
        assertThat(store.reports()).isEqualTo(Map.of("site-a", a, "site-b", b));
        assertThat(submitted("committed")).isEqualTo(1.0);

        // another reader, after the state went through its file
        store.close();
        c.close();
        ReplicatedAttestationStore again = store(coordinator(false));
        assertThat(again.reports()).isEqualTo(Map.of("site-a", a, "site-b", b));
    }

    @Test
    void aMalformedEntryIsSkippedAndCountedOnce() throws Exception {
        SingleSiteCoordinator c = coordinator(true);
        ReplicatedAttestationStore store = store(c);
        SiteReport a = report("site-a", T0, true);
        store.publish(a);
        // site-b's entry lacks its time; the witness's entry is a report of site-b
        c.submit(new ClusterChange.RecordAttestation(
                        "site-b", JSON.readTree("{\"site\":\"site-b\",\"transport\":\"usb\",\"dongles\":[]}"), T0))
                .get();
        SiteReport moved = report("site-b", T0, true);
        c.submit(new ClusterChange.RecordAttestation("witness", JSON.valueToTree(moved), T0))
                .get();

        assertThat(store.reports()).isEqualTo(Map.of("site-a", a));
        assertThat(store.reports()).isEqualTo(Map.of("site-a", a));
        assertThat(count("triad.license.reports.malformed")).isEqualTo(2.0);

        // a readable report replaces the malformed one
        SiteReport b = report("site-b", T0.plusSeconds(1), false);
        c.submit(new ClusterChange.RecordAttestation("site-b", JSON.valueToTree(b), b.at()))
                .get();
        assertThat(store.reports()).isEqualTo(Map.of("site-a", a, "site-b", b));
        assertThat(count("triad.license.reports.malformed")).isEqualTo(2.0);
    }

    @Test
    void anUnchangedReportIsNotSubmittedAgainUntilTheRefreshInterval() throws Exception {
        SingleSiteCoordinator c = coordinator(true);
        ReplicatedAttestationStore store = store(c);
        store.publish(report("site-a", T0, true));
        long version = c.state().version();

        // fresh evidence that found the same: not submitted, but this site reads its own latest report
        SiteReport same = report("site-a", T0.plusSeconds(59), true);
        store.publish(same);
        assertThat(c.state().version()).isEqualTo(version);
        assertThat(committedAt(c, "site-a")).isEqualTo(T0);
        assertThat(store.reports().get("site-a")).isEqualTo(same);
        assertThat(count("triad.license.reports.unchanged")).isEqualTo(1.0);

        // the refresh interval after the committed one: submitted
        SiteReport refreshed = report("site-a", T0.plus(REFRESH), true);
        store.publish(refreshed);
        assertThat(c.state().version()).isEqualTo(version + 1);
        assertThat(committedAt(c, "site-a")).isEqualTo(refreshed.at());
        assertThat(submitted("committed")).isEqualTo(2.0);
    }

    @Test
    void aChangedReportIsSubmittedAtOnce() throws Exception {
        SingleSiteCoordinator c = coordinator(true);
        ReplicatedAttestationStore store = store(c);
        store.publish(report("site-a", T0, true));
        SiteReport pulled = report("site-a", T0.plusSeconds(1), false);
        store.publish(pulled);
        assertThat(committedAt(c, "site-a")).isEqualTo(pulled.at());
        SiteReport back = report("site-a", T0.plusSeconds(2), true);
        store.publish(back);
        assertThat(committedAt(c, "site-a")).isEqualTo(back.at());
        assertThat(submitted("committed")).isEqualTo(3.0);
        assertThat(count("triad.license.reports.unchanged")).isZero();
    }

    @Test
    void theLicensesMaxAgeShortensTheRefreshToAThird() throws Exception {
        SingleSiteCoordinator c = coordinator(true);
        ReplicatedAttestationStore store = store(c, 65_536, () -> Optional.of(Duration.ofSeconds(30)));
        store.publish(report("site-a", T0, true));
        store.publish(report("site-a", T0.plusSeconds(9), true));
        assertThat(committedAt(c, "site-a")).isEqualTo(T0);
        store.publish(report("site-a", T0.plusSeconds(10), true));
        assertThat(committedAt(c, "site-a")).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aRefusedSubmitIsCountedAndRetriedOnTheNextPublish() throws Exception {
        SingleSiteCoordinator c = coordinator(false); // site-a is not in the state yet: the change is refused
        ReplicatedAttestationStore store = store(c);
        SiteReport first = report("site-a", T0, true);
        store.publish(first);
        assertThat(c.state().attestations()).isEmpty();
        assertThat(submitted("failed")).isEqualTo(1.0);
        assertThat(store.reports()).isEqualTo(Map.of("site-a", first));

        c.submit(new ClusterChange.PutSite("site-a", SiteRole.DATA, SiteState.UP, T0))
                .get();
        SiteReport same = report("site-a", T0.plusSeconds(1), true);
        store.publish(same);
        assertThat(committedAt(c, "site-a")).isEqualTo(same.at());
        assertThat(submitted("committed")).isEqualTo(1.0);
    }

    @Test
    void aRefusedSubmitIsRetriedWhenTheClusterStateChanges() throws Exception {
        SingleSiteCoordinator c = coordinator(false);
        ReplicatedAttestationStore store = store(c);
        SiteReport first = report("site-a", T0, true);
        store.publish(first);
        assertThat(submitted("failed")).isEqualTo(1.0);
        c.submit(new ClusterChange.PutSite("site-a", SiteRole.DATA, SiteState.UP, T0))
                .get();
        // retries during an outage are at most one a second, on the next change of the state
        Thread.sleep(1100);
        c.submit(new ClusterChange.Note("test", "site-a", "a later change", T0)).get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // the retry runs on the coordinator's listener thread: the counter follows the state
        while (submitted("committed") < 1.0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(committedAt(c, "site-a")).isEqualTo(first.at());
        assertThat(submitted("committed")).isEqualTo(1.0);
    }

    @Test
    void anOversizedReportIsRefusedWithItsSize() throws Exception {
        SingleSiteCoordinator c = coordinator(true);
        ReplicatedAttestationStore store = store(c, 1024, Optional::empty);
        List<DongleReading> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(new DongleReading("TRD-" + i, "usb:1-" + i, "1.0", null, "not one of the license's dongles"));
        }
        assertThatThrownBy(() -> store.publish(new SiteReport("site-a", T0, "usb", many, null)))
                .isInstanceOf(ReplicatedAttestationStore.ReportTooLargeException.class)
                .hasMessageContaining("the attestation report of site site-a is ")
                .hasMessageContaining(
                        "bytes of JSON, more than licensing.maxReportBytes (1024) allows; it lists 20" + " dongles");
        assertThat(c.state().attestations()).isEmpty();
        assertThat(store.reports()).isEmpty();
        assertThat(count("triad.license.reports.oversize")).isEqualTo(1.0);
    }

    @Test
    void aReportOfAnotherSiteIsRefused() throws Exception {
        ReplicatedAttestationStore store = store(coordinator(true));
        assertThatThrownBy(() -> store.publish(report("site-b", T0, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this store publishes the reports of site site-a; got a report of site site-b");
    }
}
