package io.triad.licensing.license;

import io.triad.licensing.crypto.Ed25519;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.EmulatedDongleFile;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A vendor key, one emulated dongle for each of three sites, and licenses for them: the tests' fixtures. */
public final class TestLicenses {
    public static final String CLUSTER = "cluster-test";
    public static final List<String> SITES = List.of("site-a", "site-b", "witness");
    public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    public final VendorKeys.VendorKeyPair vendor;
    public final VendorKeys keys;
    public final List<EmulatedDongleFile> dongles = new ArrayList<>();

    public TestLicenses() {
        KeyPair p = Ed25519.generate();
        vendor = new VendorKeys.VendorKeyPair("vendor-test-1", p.getPrivate(), p.getPublic());
        keys = VendorKeys.of(Map.of(vendor.keyId(), vendor.publicKey()));
        for (String site : SITES) {
            dongles.add(EmulatedDongleFile.create(
                    "TRD-" + site.toUpperCase(java.util.Locale.ROOT),
                    new byte[0],
                    DongleProtocol.DEFAULT_VENDOR_ID,
                    DongleProtocol.DEFAULT_PRODUCT_ID));
        }
    }

    /** The dongle of a site. */
    public EmulatedDongleFile dongle(String site) {
        return dongles.get(SITES.indexOf(site));
    }

    /** A license for the three sites, valid a year around {@link #NOW}, policy defaults. */
    public License license() {
        return license(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(335)), License.Policy.defaults());
    }

    public License license(Instant notBefore, Instant notAfter, License.Policy policy) {
        List<License.Dongle> ds = new ArrayList<>();
        for (int i = 0; i < SITES.size(); i++) {
            ds.add(new License.Dongle(
                    dongles.get(i).serial(), SITES.get(i), dongles.get(i).publicKey()));
        }
        return new License(
                License.FORMAT,
                "LIC-TEST-0001",
                "ACME Security",
                CLUSTER,
                List.of(
                        new License.Site("site-a", "data"),
                        new License.Site("site-b", "data"),
                        new License.Site("witness", "witness")),
                ds,
                List.of("backbone", "EEP", "EAP", "AAM", "MSM", "GSM", "failover"),
                Map.of("nodes", 6, "EAP", 2),
                notBefore,
                notAfter,
                NOW.minus(Duration.ofDays(31)),
                policy,
                false);
    }

    /** The signed document of {@link #license()}. */
    public byte[] document() {
        return LicenseDocument.sign(license(), vendor);
    }

    /** A signed license. */
    public SignedLicense signed(License l) throws LicenseException {
        return LicenseDocument.verify(LicenseDocument.sign(l, vendor), keys);
    }
}
