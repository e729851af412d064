package io.triad.licensing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface is what the package documentation says it is: the API the appliance and the web use,
 * and the few types public only because another licensing package needs them. A new public type fails here until it
 * is added to a list below and to its package's {@code package-info.java}.
 */
class PublicSurfaceTest {
    /** The module's API, by name below {@code io.triad.licensing}. */
    private static final Set<String> API = Set.of(
            "LicenseHistory",
            "LicenseJson",
            "LicenseService",
            "attest.Attestation",
            "attest.AttestationStore",
            "attest.DongleReading",
            "attest.SiteReport",
            "dongle.DongleAddress",
            "dongle.DongleException",
            "dongle.DongleProtocol",
            "dongle.DongleTransport",
            "dongle.EmulatedDongleFile",
            "license.License",
            "license.LicenseDocument",
            "license.LicenseException",
            "license.SignedLicense",
            "license.VendorKeys",
            "status.LicenseState",
            "status.LicenseStatus");

    /** Public for another licensing package only (Java has no module-private visibility on the class path). */
    private static final Set<String> FOR_THE_MODULE =
            Set.of("attest.Attestor", "crypto.Ed25519", "dongle.DongleClient", "dongle.DongleInfo");

    @Test
    void onlyTheApiAndWhatAnotherLicensingPackageNeedsArePublic() throws Exception {
        Path classes = Path.of(LicenseService.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path base = classes.resolve("io/triad/licensing");
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = base.relativize(p).toString().replace('\\', '/');
                if (!name.endsWith(".class") || name.contains("$") || name.endsWith("package-info.class")) {
                    continue;
                }
                String type =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                Class<?> c = Class.forName(
                        "io.triad.licensing." + type, false, getClass().getClassLoader());
                if (Modifier.isPublic(c.getModifiers())) {
                    found.add(type);
                }
            }
        }
        Set<String> expected = new TreeSet<>(API);
        expected.addAll(FOR_THE_MODULE);
        assertThat(found).as("public top-level types of licensing").containsExactlyElementsOf(expected);
    }
}
