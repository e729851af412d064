package io.triad.licensing;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.licensing.attest.Attestor;
import io.triad.licensing.attest.SiteReport;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import io.triad.licensing.license.SignedLicense;
import io.triad.licensing.license.TestLicenses;
import io.triad.licensing.status.LicenseState;
import io.triad.licensing.status.LicenseStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseEvaluatorTest {
    @TempDir
    Path dir;

    private final TestLicenses t = new TestLicenses();
    private final Instant now = TestLicenses.NOW;
    private SignedLicense signed;

    @BeforeEach
    void sign() throws Exception {
        signed = t.signed(t.license());
    }

    /** What {@code site} reports at {@code at} with its own dongle plugged in (or none). */
    private SiteReport report(String site, Instant at, boolean dongle) throws Exception {
        Path bus = Files.createDirectories(dir.resolve(site + "-" + at.toEpochMilli() + "-" + dongle));
        if (dongle) {
            EmulatedDongleFile d = t.dongle(site);
            d.write(bus.resolve(EmulatedDongleFile.fileName(d.serial())));
        }
        try (DongleTransport tr = DongleTransport.emulated(
                bus, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofSeconds(1))) {
            return new Attestor(site, tr, Clock.fixed(at, ZoneOffset.UTC), new SecureRandom()).attest(t.license());
        }
    }

    private Map<String, SiteReport> reports(boolean a, boolean b, boolean w, Instant at) throws Exception {
        Map<String, SiteReport> m = new HashMap<>();
        m.put("site-a", report("site-a", at, a));
        m.put("site-b", report("site-b", at, b));
        m.put("witness", report("witness", at, w));
        return m;
    }

    private LicenseEvaluator.Evaluation eval(
            @Nullable SignedLicense l, Map<String, SiteReport> reports, Instant at, EvaluationMemory memory) {
        return LicenseEvaluator.evaluate(
                new LicenseEvaluator.Input(l, null, TestLicenses.CLUSTER, "site-a", "data", reports, at, memory));
    }

    @Test
    void allThreeDonglesAttestedIsLicensed() throws Exception {
        LicenseStatus s = eval(signed, reports(true, true, true, now), now, EvaluationMemory.EMPTY)
                .status();
        assertThat(s.state()).isEqualTo(LicenseState.LICENSED);
        assertThat(s.quorum().attestedSites()).containsExactly("site-a", "site-b", "witness");
        assertThat(s.configurationLocked()).isFalse();
        assertThat(s.graceRemaining()).as("the grace a quorum loss would start").isEqualTo(Duration.ofDays(30));
        assertThat(s.sites())
                .allSatisfy(site -> assertThat(site.dongle().attested()).isTrue());
        assertThat(s.license().modules()).contains("EAP", "failover");
    }

    @Test
    void oneSiteLostEntirelyIsStillLicensed() throws Exception {
        Map<String, SiteReport> r = reports(true, true, true, now);
        r.remove("site-b"); // no report at all: the site is gone, dongle and appliance
        LicenseStatus s = eval(signed, r, now, EvaluationMemory.EMPTY).status();
        assertThat(s.state()).isEqualTo(LicenseState.LICENSED);
        assertThat(s.reason()).contains("2 of 3 sites (site-a, witness)");
        LicenseStatus.SiteStatus b = s.sites().get(1);
        assertThat(b.dongle().present()).isFalse();
        assertThat(b.problem()).contains("has not reported");
    }

    @Test
    void aMinorityPartitionRunsOnGraceThatSurvivesARestartThenRestricts() throws Exception {
        // site-a sees only itself: its peers' reports are stale (the last ones before the partition)
        Instant before = now.minus(Duration.ofHours(1));
        Map<String, SiteReport> r = reports(true, true, true, before);
        r.put("site-a", report("site-a", now, true));
        LicenseEvaluator.Evaluation e = eval(signed, r, now, EvaluationMemory.EMPTY);
        assertThat(e.status().state()).isEqualTo(LicenseState.GRACE);
        assertThat(e.status().graceRemaining()).isEqualTo(Duration.ofDays(30));
        assertThat(e.status().configurationLocked()).isFalse();
        assertThat(e.status().sites().get(1).dongle().problem()).contains("old; at most PT15M counts");
        assertThat(e.memory().graceSince()).isEqualTo(now);

        // a day later, with the remembered grace start (as after a restart): 29 days left
        Instant later = now.plus(Duration.ofDays(1));
        r.put("site-a", report("site-a", later, true));
        LicenseEvaluator.Evaluation e2 = eval(signed, r, later, e.memory());
        assertThat(e2.status().graceRemaining()).isEqualTo(Duration.ofDays(29));

        Instant over = now.plus(Duration.ofDays(30));
        r.put("site-a", report("site-a", over, true));
        LicenseEvaluator.Evaluation e3 = eval(signed, r, over, e2.memory());
        assertThat(e3.status().state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(e3.status().configurationLocked()).isTrue();
        assertThat(e3.status().reason()).contains("grace period of PT720H").contains("is over");

        // the partition heals: licensed again, the grace clock resets
        LicenseEvaluator.Evaluation healed = eval(signed, reports(true, true, true, over), over, e3.memory());
        assertThat(healed.status().state()).isEqualTo(LicenseState.LICENSED);
        assertThat(healed.memory().graceSince()).isNull();
    }

    @Test
    void everyDongleRemovedIsTheShortGraceThenRestricted() throws Exception {
        LicenseEvaluator.Evaluation e = eval(signed, reports(false, false, false, now), now, EvaluationMemory.EMPTY);
        assertThat(e.status().state()).isEqualTo(LicenseState.GRACE);
        assertThat(e.status().reason()).contains("no attested dongle at any site");
        assertThat(e.status().graceRemaining()).isEqualTo(Duration.ofHours(72));
        Instant over = now.plus(Duration.ofHours(72));
        LicenseStatus s = eval(signed, reports(false, false, false, over), over, e.memory())
                .status();
        assertThat(s.state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(s.sites())
                .allSatisfy(site -> assertThat(site.dongle().present()).isFalse());
    }

    @Test
    void expiredAndNotYetValidLicensesAreRestricted() throws Exception {
        SignedLicense expired = t.signed(
                t.license(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)), License.Policy.defaults()));
        LicenseStatus s = eval(expired, reports(true, true, true, now), now, EvaluationMemory.EMPTY)
                .status();
        assertThat(s.state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(s.reason()).contains("expired at");
        assertThat(s.license().expiresIn()).isEqualTo(Duration.ZERO);

        SignedLicense future = t.signed(
                t.license(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), License.Policy.defaults()));
        LicenseStatus f = eval(future, reports(true, true, true, now), now, EvaluationMemory.EMPTY)
                .status();
        assertThat(f.state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(f.reason()).contains("not valid before");
    }

    @Test
    void settingTheClockBackIsDetectedAgainstTheHighWaterMark() throws Exception {
        // the license expired yesterday; the operator sets the clock two days back to revive it
        SignedLicense l = t.signed(
                t.license(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)), License.Policy.defaults()));
        EvaluationMemory seen = new EvaluationMemory(null, now);
        Instant back = now.minus(Duration.ofDays(2));
        LicenseEvaluator.Evaluation e = eval(l, reports(true, true, true, back), back, seen);
        assertThat(e.status().state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(e.status().clock().rollbackDetected()).isTrue();
        assertThat(e.status().reason()).contains("the clock was set back");
        assertThat(e.memory().highWater()).as("the mark is not lowered").isEqualTo(now);

        // a few minutes back (NTP step) is within the tolerance
        Instant slightly = now.minus(Duration.ofMinutes(3));
        LicenseStatus ok = eval(signed, reports(true, true, true, slightly), slightly, seen)
                .status();
        assertThat(ok.state()).isEqualTo(LicenseState.LICENSED);
    }

    @Test
    void aClockFarBehindThePeersIsDetectedToo() throws Exception {
        Map<String, SiteReport> r = reports(true, true, true, now);
        Instant behind = now.minus(Duration.ofHours(2));
        r.put("site-a", report("site-a", behind, true));
        LicenseStatus s = eval(signed, r, behind, EvaluationMemory.EMPTY).status();
        assertThat(s.state()).isEqualTo(LicenseState.RESTRICTED);
        assertThat(s.clock().detail()).contains("after this site's clock");
    }

    @Test
    void noLicenseOrAnotherClustersIsUnlicensed() throws Exception {
        LicenseStatus none = eval(null, reports(true, false, false, now), now, EvaluationMemory.EMPTY)
                .status();
        assertThat(none.state()).isEqualTo(LicenseState.UNLICENSED);
        assertThat(none.reason()).isEqualTo("no license is installed");
        assertThat(none.configurationLocked()).isTrue();
        assertThat(none.sites())
                .singleElement()
                .satisfies(s -> assertThat(s.otherDongles()).hasSize(1));

        LicenseStatus other = LicenseEvaluator.evaluate(new LicenseEvaluator.Input(
                        signed, null, "cluster-other", "site-a", "data", Map.of(), now, EvaluationMemory.EMPTY))
                .status();
        assertThat(other.state()).isEqualTo(LicenseState.UNLICENSED);
        assertThat(other.reason()).contains("is for cluster 'cluster-test'");
    }

    @Test
    void twoDonglesAtOneSiteStillCountAsOneSite() throws Exception {
        // site-a plugs in site-b's clone as well: site-b's dongle counts only for site-b
        Path bus = Files.createDirectories(dir.resolve("double"));
        for (String s : new String[] {"site-a", "site-b"}) {
            EmulatedDongleFile d = t.dongle(s);
            d.write(bus.resolve(EmulatedDongleFile.fileName(d.serial())));
        }
        SiteReport a;
        try (DongleTransport tr = DongleTransport.emulated(
                bus, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofSeconds(1))) {
            a = new Attestor("site-a", tr, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom()).attest(t.license());
        }
        LicenseStatus s =
                eval(signed, Map.of("site-a", a), now, EvaluationMemory.EMPTY).status();
        assertThat(s.state()).isEqualTo(LicenseState.GRACE);
        assertThat(s.quorum().attested()).isEqualTo(1);
        assertThat(s.sites().get(0).otherDongles())
                .singleElement()
                .satisfies(d -> assertThat(d.problem()).contains("belongs to site site-b"));
    }
}
