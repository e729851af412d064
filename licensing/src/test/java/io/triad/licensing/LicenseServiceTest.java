package io.triad.licensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.licensing.attest.AttestationStore;
import io.triad.licensing.attest.Attestor;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.LicenseException;
import io.triad.licensing.license.TestLicenses;
import io.triad.licensing.status.LicenseState;
import io.triad.licensing.status.LicenseStatus;
import io.triad.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sites' license services in one JVM, each with its own emulated dongle bus, H2 history and license file,
 * sharing one attestation directory: dongles are pulled one by one and the state of every site follows.
 */
class LicenseServiceTest {
    @TempDir
    Path dir;

    private final TestLicenses t = new TestLicenses();
    private final MutableClock clock = new MutableClock(TestLicenses.NOW);
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One site: its bus directory and service. */
    private record Site(String id, Path bus, LicenseService service, SimpleMeterRegistry meters) {}

    private Site site(String id) throws Exception {
        Path bus = Files.createDirectories(dir.resolve(id).resolve("dongles"));
        EmulatedDongleFile d = t.dongle(id);
        d.write(bus.resolve(EmulatedDongleFile.fileName(d.serial())));
        DongleTransport transport = DongleTransport.emulated(
                bus, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofSeconds(1));
        LicenseHistory history = LicenseHistory.open(dir.resolve(id));
        AttestationStore store = AttestationStore.directory(dir.resolve("shared"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LicenseService s = new LicenseService(
                new LicenseService.Settings(
                        id,
                        id.equals("witness") ? "witness" : "data",
                        TestLicenses.CLUSTER,
                        dir.resolve(id).resolve("license.json"),
                        t.keys,
                        Duration.ofHours(1),
                        Duration.ofHours(1)),
                new Attestor(id, transport, clock, new SecureRandom()),
                store,
                history,
                clock,
                meters);
        open.add(transport);
        open.add(history);
        open.add(s);
        return new Site(id, bus, s, meters);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static void unplug(Site s) throws Exception {
        try (var files = Files.list(s.bus())) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void pullingDonglesOneByOneShowsTheRightStateAtEachStep() throws Exception {
        Site a = site("site-a");
        Site b = site("site-b");
        Site w = site("witness");
        assertThat(a.service().status().state()).isEqualTo(LicenseState.UNLICENSED);
        a.service().install(t.document(), "admin");
        b.service().install(t.document(), "admin");
        w.service().install(t.document(), "admin");
        a.service().refresh();
        assertThat(a.service().status().state()).isEqualTo(LicenseState.LICENSED);
        assertThat(a.service().status().quorum().attested()).isEqualTo(3);
        assertThat(gauge(a, "triad.license.state", "licensed")).isEqualTo(1);

        unplug(w);
        for (Site s : List.of(w, a, b)) {
            s.service().refresh();
        }
        assertThat(a.service().status().state()).isEqualTo(LicenseState.LICENSED);
        assertThat(w.service().status().state()).isEqualTo(LicenseState.LICENSED);
        assertThat(a.service().status().reason()).contains("2 of 3 sites (site-a, site-b)");

        unplug(b);
        for (Site s : List.of(b, a, w)) {
            s.service().refresh();
        }
        LicenseStatus one = a.service().status();
        assertThat(one.state()).isEqualTo(LicenseState.GRACE);
        assertThat(one.graceRemaining()).isEqualTo(Duration.ofDays(30));
        assertThat(gauge(a, "triad.license.grace.remaining", null))
                .isEqualTo(Duration.ofDays(30).toSeconds());

        unplug(a);
        clock.advance(Duration.ofHours(1));
        for (Site s : List.of(a, b, w)) {
            s.service().refresh();
        }
        LicenseStatus none = a.service().status();
        assertThat(none.state()).isEqualTo(LicenseState.GRACE);
        assertThat(none.reason()).contains("no attested dongle at any site");
        assertThat(none.graceRemaining()).isEqualTo(Duration.ofHours(71));

        clock.advance(Duration.ofHours(71));
        LicenseStatus restricted = a.service().refresh();
        assertThat(restricted.state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(a.service().configurationLocked()).isTrue();
        assertThat(gauge(a, "triad.license.configuration.locked", null)).isEqualTo(1);

        // plugging two dongles back in licenses the cluster again
        t.dongle("site-a")
                .write(a.bus()
                        .resolve(EmulatedDongleFile.fileName(t.dongle("site-a").serial())));
        t.dongle("site-b")
                .write(b.bus()
                        .resolve(EmulatedDongleFile.fileName(t.dongle("site-b").serial())));
        b.service().refresh();
        assertThat(a.service().refresh().state()).isEqualTo(LicenseState.LICENSED);

        List<LicenseHistory.Entry> h = a.service().history(100);
        assertThat(h).extracting(LicenseHistory.Entry::kind).contains("install", "state", "dongle");
        assertThat(h)
                .extracting(LicenseHistory.Entry::message)
                .anyMatch(m -> m.contains("removed from site site-a"))
                .anyMatch(m -> m.contains("plugged in at site site-a"));
        assertThat(h.get(0).state()).isEqualTo("licensed");
    }

    @Test
    void theGraceStartSurvivesARestart() throws Exception {
        Site a = site("site-a");
        a.service().install(t.document(), "admin");
        assertThat(a.service().status().state()).isEqualTo(LicenseState.GRACE);
        a.service().close();
        open.get(1).close(); // the history
        clock.advance(Duration.ofDays(2));
        LicenseHistory h2 = LicenseHistory.open(dir.resolve("site-a"));
        open.add(h2);
        DongleTransport tr = DongleTransport.emulated(
                a.bus(), DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofSeconds(1));
        open.add(tr);
        LicenseService again = new LicenseService(
                new LicenseService.Settings(
                        "site-a",
                        "data",
                        TestLicenses.CLUSTER,
                        dir.resolve("site-a").resolve("license.json"),
                        t.keys,
                        Duration.ofHours(1),
                        Duration.ofHours(1)),
                new Attestor("site-a", tr, clock, new SecureRandom()),
                AttestationStore.directory(dir.resolve("shared")),
                h2,
                clock,
                new SimpleMeterRegistry());
        open.add(again);
        again.start();
        assertThat(again.status().state()).isEqualTo(LicenseState.GRACE);
        assertThat(again.status().graceRemaining()).isEqualTo(Duration.ofDays(28));
    }

    @Test
    void aLicenseStoredOnTheDongleIsInstalledFromIt() throws Exception {
        Path bus = Files.createDirectories(dir.resolve("site-a").resolve("dongles"));
        Site a = site("site-a");
        t.dongle("site-a")
                .withLicense(t.document())
                .write(bus.resolve(
                        EmulatedDongleFile.fileName(t.dongle("site-a").serial())));
        LicenseStatus s = a.service().refresh();
        assertThat(s.license()).isNotNull();
        assertThat(s.license().licenseId()).isEqualTo("LIC-TEST-0001");
        assertThat(Files.exists(dir.resolve("site-a").resolve("license.json"))).isTrue();
        assertThat(a.service().history(10))
                .extracting(LicenseHistory.Entry::message)
                .anyMatch(m -> m.contains("installed from the dongle"));
    }

    @Test
    void installRefusesTamperedForeignAndSiteLessLicensesAndKeepsTheOldOne() throws Exception {
        Site a = site("site-a");
        a.service().install(t.document(), "admin");
        byte[] tampered = new String(t.document(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("ACME Security", "ACME Securitz")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> a.service().install(tampered, "admin"))
                .isInstanceOf(LicenseException.class)
                .hasMessageContaining("signature does not verify");
        assertThat(a.service().license().license().customer()).isEqualTo("ACME Security");
    }

    @Test
    void aTamperedInstalledFileMakesTheSiteUnlicensedWithTheReason() throws Exception {
        Site a = site("site-a");
        a.service().install(t.document(), "admin");
        Path file = dir.resolve("site-a").resolve("license.json");
        Files.writeString(file, Files.readString(file).replace("\"nodes\" : 6", "\"nodes\" : 600"));
        LicenseStatus s = a.service().refresh();
        assertThat(s.state()).isEqualTo(LicenseState.UNLICENSED);
        assertThat(s.reason()).contains("is refused").contains("signature does not verify");
    }

    private static double gauge(Site s, String name, String state) {
        var search = s.meters().find(name);
        if (state != null) {
            search = search.tag("state", state);
        }
        return search.gauge().value();
    }
}
