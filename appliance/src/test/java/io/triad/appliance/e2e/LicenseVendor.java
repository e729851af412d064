package io.triad.appliance.e2e;

import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.VendorKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vendor as the license tests play it: a signing key made here, its public key file for an appliance's {@code
 * licensing.vendorKeysDir}, emulated dongles, and licenses for the three sites of the cluster {@value #CLUSTER}
 * (site-a, site-b, the witness) signed with the key.
 *
 * <p>NOTE: immutable; thread-safe.
 */
final class LicenseVendor {
    /** The cluster every license of these tests is for. */
    static final String CLUSTER = "cluster-it";

    final VendorKeys.VendorKeyPair key;

    private LicenseVendor(VendorKeys.VendorKeyPair key) {
        this.key = key;
    }

    /** A vendor with a new Ed25519 key named {@code keyId}. */
    static LicenseVendor create(String keyId) {
        return new LicenseVendor(VendorKeys.generate(keyId));
    }

    /** Writes the public key file into {@code dir} (made if missing); returns {@code dir}. */
    Path writeKeyFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(key.keyId() + ".json"),
                VendorKeys.keyFile(key.keyId(), key.publicKey(), null),
                StandardCharsets.UTF_8);
        return dir;
    }

    /** A new emulated dongle of the default vendor and product ids, with an empty memory. */
    static EmulatedDongleFile dongle(String serial) {
        return EmulatedDongleFile.create(
                serial, new byte[0], DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
    }

    /**
     * A license document for the three sites, valid from a day ago for 20 days, with every known module, 6 nodes, the
     * dongles by site and {@code policy}.
     */
    byte[] license(String id, Map<String, EmulatedDongleFile> dongles, License.Policy policy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<License.Dongle> ds = new ArrayList<>();
        dongles.forEach((site, d) -> ds.add(new License.Dongle(d.serial(), site, d.publicKey())));
        return LicenseDocument.sign(
                new License(
                        License.FORMAT,
                        id,
                        "ACME Security (integration test)",
                        CLUSTER,
                        List.of(
                                new License.Site("site-a", "data"),
                                new License.Site("site-b", "data"),
                                new License.Site("witness", "witness")),
                        ds,
                        License.KNOWN_MODULES,
                        Map.of("nodes", 6),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(20)),
                        now,
                        policy,
                        false),
                key);
    }
}
