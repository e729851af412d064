package io.triad.licensing.attest;

import io.triad.licensing.dongle.DongleAddress;
import io.triad.licensing.dongle.DongleClient;
import io.triad.licensing.dongle.DongleException;
import io.triad.licensing.dongle.DongleInfo;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.license.License;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Attests this site's dongles: lists them, and has each sign a fresh nonce ({@link Attestation#nonce}) whose answer
 * is checked against the license before it is reported. Also reads the licenses stored on the dongles.
 *
 * <p>NOTE: thread safe; attestations of one transport are serialised by its sessions.
 */
public final class Attestor {
    private static final int SALT_BYTES = 16;

    private final String site;
    private final DongleTransport transport;
    private final Clock clock;
    private final SecureRandom random;

    public Attestor(String site, DongleTransport transport, Clock clock, SecureRandom random) {
        this.site = Objects.requireNonNull(site, "site");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The transport's kind. */
    public String transportKind() {
        return transport.kind();
    }

    /**
     * Challenges every dongle plugged in now.
     *
     * @param license the license to check the answers against (null: none installed; answers are reported unchecked)
     */
    public SiteReport attest(@Nullable License license) {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<DongleAddress> addresses;
        try {
            addresses = transport.scan();
        } catch (DongleException e) {
            return new SiteReport(site, started, transport.kind(), List.of(), e.getMessage());
        }
        List<DongleReading> readings = new ArrayList<>();
        for (DongleAddress a : addresses) {
            readings.add(attestOne(a, license));
        }
        return new SiteReport(site, started, transport.kind(), readings, null);
    }

    private DongleReading attestOne(DongleAddress address, @Nullable License license) {
        try (DongleTransport.Session s = transport.open(address)) {
            DongleInfo info = DongleClient.info(s);
            Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            byte[] signature = DongleClient.challenge(s, Attestation.nonce(site, at, salt));
            Attestation evidence = new Attestation(
                    site,
                    info.serial(),
                    at,
                    Base64.getEncoder().encodeToString(salt),
                    Base64.getEncoder().encodeToString(signature));
            String problem = license == null ? "no license is installed to check it against" : null;
            if (license != null) {
                problem = evidence.problem(license).orElse(null);
            }
            return new DongleReading(
                    info.serial(), address.id(), info.firmware(), problem == null ? evidence : null, problem);
        } catch (DongleException e) {
            return new DongleReading("", address.id(), "", null, e.getMessage());
        }
    }

    /** The licenses stored on the dongles plugged in now (unverified bytes; empty ones left out). */
    public List<byte[]> storedLicenses() {
        List<byte[]> out = new ArrayList<>();
        try {
            for (DongleAddress a : transport.scan()) {
                try (DongleTransport.Session s = transport.open(a)) {
                    int size = DongleClient.info(s).licenseBytes();
                    if (size > 0) {
                        out.add(DongleClient.license(s, size));
                    }
                } catch (DongleException e) {
                    // an unreadable dongle stores nothing usable; its attestation reports why
                }
            }
        } catch (DongleException e) {
            // no bus: nothing stored; the site report says why
        }
        return out;
    }
}
