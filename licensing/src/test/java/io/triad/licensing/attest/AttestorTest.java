package io.triad.licensing.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.licensing.dongle.DongleAddress;
import io.triad.licensing.dongle.DongleException;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.TestLicenses;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestorTest {
    @TempDir
    Path dir;

    private final TestLicenses t = new TestLicenses();
    private final Clock clock = Clock.fixed(TestLicenses.NOW, ZoneOffset.UTC);
    private DongleTransport transport;

    private DongleTransport transport() {
        transport = DongleTransport.emulated(
                dir, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofSeconds(1));
        return transport;
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    private void plug(EmulatedDongleFile d) throws Exception {
        d.write(dir.resolve(EmulatedDongleFile.fileName(d.serial())));
    }

    @Test
    void theSitesOwnDongleIsAttestedAndTheEvidenceChecksOutForAnyReader() throws Exception {
        plug(t.dongle("site-a"));
        SiteReport r = new Attestor("site-a", transport(), clock, new SecureRandom()).attest(t.license());
        assertThat(r.problem()).isNull();
        assertThat(r.dongles()).hasSize(1);
        DongleReading d = r.dongles().get(0);
        assertThat(d.problem()).isNull();
        assertThat(d.attestation()).isNotNull();
        assertThat(d.attestation().at()).isEqualTo(TestLicenses.NOW);
        assertThat(d.attestation().problem(t.license())).isEmpty();
    }

    @Test
    void evidenceMovedToAnotherSiteOrTimeNoLongerVerifies() throws Exception {
        plug(t.dongle("site-a"));
        Attestation a = new Attestor("site-a", transport(), clock, new SecureRandom())
                .attest(t.license())
                .dongles()
                .get(0)
                .attestation();
        Attestation later = new Attestation(a.site(), a.serial(), a.at().plusSeconds(600), a.salt(), a.signature());
        assertThat(later.problem(t.license())).get().asString().contains("counterfeit or replayed");
        Attestation moved = new Attestation("site-b", a.serial(), a.at(), a.salt(), a.signature());
        assertThat(moved.problem(t.license())).get().asString().contains("belongs to site site-a");
    }

    @Test
    void aDongleNotInTheLicenseDoesNotCount() throws Exception {
        plug(EmulatedDongleFile.create(
                "TRD-STRANGER", new byte[0], DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID));
        DongleReading d = new Attestor("site-a", transport(), clock, new SecureRandom())
                .attest(t.license())
                .dongles()
                .get(0);
        assertThat(d.attestation()).isNull();
        assertThat(d.problem()).contains("TRD-STRANGER is not one of license LIC-TEST-0001's dongles");
    }

    @Test
    void anotherSitesDonglePluggedInHereDoesNotCountHere() throws Exception {
        plug(t.dongle("site-b"));
        DongleReading d = new Attestor("site-a", transport(), clock, new SecureRandom())
                .attest(t.license())
                .dongles()
                .get(0);
        assertThat(d.attestation()).isNull();
        assertThat(d.problem()).contains("belongs to site site-b, not to site-a");
    }

    @Test
    void aCounterfeitWithTheRightSerialButItsOwnKeyIsCaught() throws Exception {
        plug(EmulatedDongleFile.create(
                t.dongle("site-a").serial(),
                new byte[0],
                DongleProtocol.DEFAULT_VENDOR_ID,
                DongleProtocol.DEFAULT_PRODUCT_ID));
        DongleReading d = new Attestor("site-a", transport(), clock, new SecureRandom())
                .attest(t.license())
                .dongles()
                .get(0);
        assertThat(d.attestation()).isNull();
        assertThat(d.problem()).contains("does not verify with the license's key");
    }

    /** A device in the middle that records the real dongle's answer once and plays it back to every later challenge. */
    @Test
    void aReplayedChallengeAnswerIsRejected() throws Exception {
        plug(t.dongle("site-a"));
        DongleTransport real = transport();
        ReplayingTransport replay = new ReplayingTransport(real);
        Attestor attestor = new Attestor("site-a", replay, Clock.offset(clock, Duration.ZERO), new SecureRandom());
        DongleReading first = attestor.attest(t.license()).dongles().get(0);
        assertThat(first.attestation()).as("the recorded, genuine answer").isNotNull();
        DongleReading second = attestor.attest(t.license()).dongles().get(0);
        assertThat(second.attestation()).isNull();
        assertThat(second.problem()).contains("counterfeit or replayed");
    }

    @Test
    void noDongleMeansAnEmptyReportAndABusErrorIsReported() throws Exception {
        assertThat(new Attestor("site-a", transport(), clock, new SecureRandom())
                        .attest(t.license())
                        .dongles())
                .isEmpty();
        DongleTransport broken = new ReplayingTransport(transport) {
            @Override
            public List<DongleAddress> scan() throws DongleException {
                throw new DongleException("libusb is not available: test");
            }
        };
        SiteReport r = new Attestor("site-a", broken, clock, new SecureRandom()).attest(t.license());
        assertThat(r.problem()).isEqualTo("libusb is not available: test");
    }

    @Test
    void theLicenseStoredOnADongleIsRead() throws Exception {
        byte[] doc = t.document();
        plug(t.dongle("site-a").withLicense(doc));
        assertThat(new Attestor("site-a", transport(), clock, new SecureRandom()).storedLicenses())
                .containsExactly(doc);
    }

    private static class ReplayingTransport implements DongleTransport {
        private final DongleTransport real;
        private byte[] recorded;

        ReplayingTransport(DongleTransport real) {
            this.real = real;
        }

        @Override
        public String kind() {
            return "replaying";
        }

        @Override
        public List<DongleAddress> scan() throws DongleException {
            return real.scan();
        }

        @Override
        public Session open(DongleAddress address) throws DongleException {
            Session s = real.open(address);
            return new Session() {
                @Override
                public byte[] controlIn(int request, int value, int index, int length) throws DongleException {
                    byte[] answer = s.controlIn(request, value, index, length);
                    if (request == DongleProtocol.GET_RESPONSE) {
                        if (recorded == null) {
                            recorded = answer;
                        }
                        return recorded.clone();
                    }
                    return answer;
                }

                @Override
                public void controlOut(int request, int value, int index, byte[] data) throws DongleException {
                    s.controlOut(request, value, index, data);
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        }

        @Override
        public void onChange(Runnable listener) {}

        @Override
        public void close() {}
    }
}
