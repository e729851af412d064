package io.triad.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.LicenseDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor's and the operator's tool as a person runs it: a vendor key, three emulated dongles, a license issued for
 * them, verified, inspected, installed into a data directory and stored on a dongle; pulling and replugging a dongle;
 * and the refusals (a tampered file, another vendor's key, another cluster).
 */
class LicenseCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void aVendorIssuesALicenseThatAnOperatorVerifiesAndInstalls() throws Exception {
        Path keys = dir.resolve("keys");
        assertThat(run("license", "keygen", "--key-id", "acme-2026", "--out", keys.toString())
                        .code())
                .isZero();
        assertThat(Files.getPosixFilePermissions(keys.resolve("acme-2026.private.json"))
                        .toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        for (String site : new String[] {"site-a", "site-b", "witness"}) {
            CliRun r = run(
                    "dongle",
                    "emulate",
                    "--serial",
                    "TRD-" + site,
                    "--dir",
                    dir.resolve("bus-" + site).toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("public key:");
        }
        Path license = dir.resolve("license.json");
        CliRun issued = run(
                "license",
                "issue",
                "--key",
                keys.resolve("acme-2026.private.json").toString(),
                "--license-id",
                "LIC-CLI-1",
                "--customer",
                "ACME",
                "--cluster",
                "triad-demo",
                "--site",
                "site-a:data",
                "--site",
                "site-b:data",
                "--site",
                "witness:witness",
                "--dongle-file",
                "site-a=" + dir.resolve("bus-site-a/TRD-site-a.dongle.json"),
                "--dongle-file",
                "site-b=" + dir.resolve("bus-site-b/TRD-site-b.dongle.json"),
                "--dongle-file",
                "witness=" + dir.resolve("bus-witness/TRD-witness.dongle.json"),
                "--limit",
                "nodes=6",
                "--days",
                "90",
                "--out",
                license.toString());
        assertThat(issued.code()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("3 sites, 3 dongles");

        CliRun ok = run(
                "license",
                "verify",
                license.toString(),
                "--vendor-key",
                keys.resolve("acme-2026.public.json").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("OK: license LIC-CLI-1 for ACME (cluster triad-demo)");

        CliRun inspect = run("license", "inspect", license.toString());
        assertThat(inspect.out()).contains("signed by vendor key: acme-2026").contains("\"nodes\" : 6");

        // another vendor's key does not verify it; a tampered copy does not verify either
        run("license", "keygen", "--key-id", "other", "--out", keys.toString());
        CliRun other = run(
                "license",
                "verify",
                license.toString(),
                "--vendor-key",
                keys.resolve("other.public.json").toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).contains("REFUSED").contains("'acme-2026', which this appliance does not trust");
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, Files.readString(license).replace("\"nodes\" : 6", "\"nodes\" : 60"));
        CliRun bad = run(
                "license",
                "verify",
                tampered.toString(),
                "--vendor-key",
                keys.resolve("acme-2026.public.json").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("signature does not verify");

        // installed into a data directory that trusts the vendor's key
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("license/vendor-keys"));
        Files.copy(keys.resolve("acme-2026.public.json"), data.resolve("license/vendor-keys/acme-2026.json"));
        CliRun installed = run("license", "install", license.toString(), "--data", data.toString());
        assertThat(installed.code()).as(installed.err()).isZero();
        assertThat(Files.readAllBytes(data.resolve("license/license.json"))).isEqualTo(Files.readAllBytes(license));

        // stored on a dongle
        Path busA = dir.resolve("bus-site-a");
        CliRun stored = run(
                "dongle",
                "emulate",
                "--serial",
                "TRD-site-a",
                "--license",
                license.toString(),
                "--dir",
                busA.toString());
        assertThat(stored.out()).contains("updated");
        EmulatedDongleFile a = EmulatedDongleFile.read(busA.resolve("TRD-site-a.dongle.json"));
        assertThat(LicenseDocument.inspect(a.licenseBytes()).license().licenseId())
                .isEqualTo("LIC-CLI-1");
    }

    @Test
    void aLicenseForAnotherClusterIsNotInstalled() throws Exception {
        Path license = dir.resolve("license.json");
        CliRun issued = run(
                "license",
                "issue",
                "--demo-key",
                "--license-id",
                "LIC-DEMO",
                "--customer",
                "Demo",
                "--cluster",
                "elsewhere",
                "--site",
                "site-a:data",
                "--quorum",
                "1",
                "--out",
                license.toString());
        assertThat(issued.code()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("(DEMO)");
        CliRun r = run(
                "license",
                "install",
                license.toString(),
                "--data",
                dir.resolve("data").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("is for cluster 'elsewhere'; this appliance is in cluster 'triad-demo'");
    }

    @Test
    void anEmulatedDongleIsPulledAndPluggedBack() {
        String bus = dir.resolve("bus").toString();
        run("dongle", "emulate", "--serial", "TRD-X", "--dir", bus);
        assertThat(run("dongle", "list", "--dir", bus).out()).contains("TRD-X\tplugged in");
        assertThat(run("dongle", "unplug", "--serial", "TRD-X", "--dir", bus).code())
                .isZero();
        assertThat(Files.exists(dir.resolve("bus/TRD-X.dongle.json"))).isFalse();
        assertThat(run("dongle", "list", "--dir", bus).out()).contains("TRD-X\tunplugged");
        assertThat(run("dongle", "plug", "--serial", "TRD-X", "--dir", bus).code())
                .isZero();
        assertThat(Files.exists(dir.resolve("bus/TRD-X.dongle.json"))).isTrue();
        CliRun twice = run("dongle", "plug", "--serial", "TRD-X", "--dir", bus);
        assertThat(twice.code()).isNotZero();
        assertThat(twice.err()).contains("no unplugged emulated dongle TRD-X");
    }
}
