package io.triad.appliance;

import io.triad.appliance.config.TriadConfig;
import io.triad.durable.DurableFiles;
import io.triad.licensing.LicenseJson;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.LicenseException;
import io.triad.licensing.license.SignedLicense;
import io.triad.licensing.license.VendorKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triad license ...}: the vendor's tool (make a vendor key, issue and sign a license) and the operator's
 * (inspect and verify a license file, install one into a data directory). See {@code docs/licensing.md}.
 */
@Command(
        name = "license",
        description = "Vendor keys and signed licenses: keygen, issue, inspect, verify, install.",
        subcommands = {
            LicenseCommand.Keygen.class,
            LicenseCommand.Issue.class,
            LicenseCommand.Inspect.class,
            LicenseCommand.Verify.class,
            LicenseCommand.Install.class,
            CommandLine.HelpCommand.class
        })
final class LicenseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                Subcommand.spec(spec).commandLine(),
                "expected a subcommand: keygen, issue, inspect, verify or install");
    }

    /** {@code triad license keygen --key-id ID --out DIR}. */
    @Command(
            name = "keygen",
            description = "Make a vendor key pair: DIR/ID.private.json (keep it secret) and DIR/ID.public.json.")
    static final class Keygen extends Subcommand {
        @Option(names = "--key-id", required = true, description = "The key's id, named in every license it signs")
        String keyId = "";

        @Option(names = "--out", description = "Directory for the key files (default: .)")
        Path out = Path.of(".");

        @Override
        public Integer call() throws IOException {
            if (!keyId.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(
                        "--key-id must be 1 to 64 letters, digits, '.', '_' or '-'; got '" + keyId + "'");
            }
            Files.createDirectories(out);
            Path priv = out.resolve(keyId + ".private.json");
            Path pub = out.resolve(keyId + ".public.json");
            if (Files.exists(priv) || Files.exists(pub)) {
                throw new IOException("refusing to overwrite " + priv + " or " + pub);
            }
            VendorKeys.VendorKeyPair p = VendorKeys.generate(keyId);
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(priv, VendorKeys.keyFile(keyId, p.publicKey(), p.privateKey()), StandardCharsets.UTF_8);
            Files.writeString(pub, VendorKeys.keyFile(keyId, p.publicKey(), null), StandardCharsets.UTF_8);
            out().println("private key: " + priv + " (keep it secret; it signs licenses)");
            out().println("public key:  " + pub + " (give it to appliances: licensing.vendorKeysDir)");
            out().flush();
            return 0;
        }
    }

    /** {@code triad license issue ...}: builds and signs a license. */
    @Command(name = "issue", description = "Issue a license signed by a vendor key.")
    static final class Issue extends Subcommand {
        @Option(names = "--key", description = "The vendor's private key file (keygen); --demo-key for the demo key")
        @Nullable
        Path key;

        @Option(names = "--demo-key", description = "Sign with the published DEMO vendor key (makes a demo license)")
        boolean demoKey;

        @Option(names = "--license-id", required = true)
        String licenseId = "";

        @Option(names = "--customer", required = true)
        String customer = "";

        @Option(names = "--cluster", required = true, description = "The cluster id (site.cluster of the appliances)")
        String cluster = "";

        @Option(
                names = "--site",
                required = true,
                description = "A site as ID:ROLE (role data or witness); repeat for each site")
        List<String> sites = new ArrayList<>();

        @Option(names = "--dongle", description = "A dongle as SITE:SERIAL:PUBLICKEY (raw Ed25519, base64); repeat")
        List<String> dongles = new ArrayList<>();

        @Option(
                names = "--dongle-file",
                description = "A dongle as SITE=FILE, FILE an emulated dongle (triad dongle emulate); repeat")
        List<String> dongleFiles = new ArrayList<>();

        @Option(names = "--module", description = "A licensed module; repeat (default: all known modules)")
        List<String> modules = new ArrayList<>();

        @Option(names = "--limit", description = "A node limit as NAME=COUNT; repeat (e.g. nodes=6)")
        Map<String, Integer> limits = new LinkedHashMap<>();

        @Option(names = "--not-before", description = "Start of validity, ISO-8601 (default: now)")
        @Nullable
        String notBefore;

        @Option(names = "--days", description = "Days of validity (default: 365)")
        int days = 365;

        @Option(names = "--quorum", description = "Sites with an attested dongle needed (default: 2)")
        int quorum = License.Policy.defaults().quorum();

        @Option(names = "--attestation-max-age", description = "ISO-8601 duration (default: PT15M)")
        String maxAge = "PT15M";

        @Option(names = "--minority-grace", description = "ISO-8601 duration (default: P30D)")
        String minorityGrace = "P30D";

        @Option(names = "--no-dongle-grace", description = "ISO-8601 duration (default: PT72H)")
        String noDongleGrace = "PT72H";

        @Option(names = "--clock-tolerance", description = "ISO-8601 duration (default: PT10M)")
        String clockTolerance = "PT10M";

        @Option(names = "--out", required = true, description = "The license file to write")
        Path out = Path.of("license.json");

        @Override
        public Integer call() throws Exception {
            VendorKeys.VendorKeyPair vendor;
            if (demoKey == (key != null)) {
                throw new IllegalArgumentException("give exactly one of --key FILE and --demo-key");
            }
            vendor = key != null ? VendorKeys.readPrivate(key) : VendorKeys.demo();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant from = notBefore == null ? now : instant(notBefore, "--not-before");
            List<License.Site> siteList = new ArrayList<>();
            for (String s : sites) {
                String[] p = s.split(":", 2);
                if (p.length != 2) {
                    throw new IllegalArgumentException("--site must be ID:ROLE; got '" + s + "'");
                }
                siteList.add(new License.Site(p[0], p[1]));
            }
            List<License.Dongle> ds = new ArrayList<>();
            for (String d : dongles) {
                String[] p = d.split(":", 3);
                if (p.length != 3) {
                    throw new IllegalArgumentException("--dongle must be SITE:SERIAL:PUBLICKEY; got '" + d + "'");
                }
                ds.add(new License.Dongle(p[1], p[0], p[2]));
            }
            for (String d : dongleFiles) {
                String[] p = d.split("=", 2);
                if (p.length != 2) {
                    throw new IllegalArgumentException("--dongle-file must be SITE=FILE; got '" + d + "'");
                }
                EmulatedDongleFile f = EmulatedDongleFile.read(Path.of(p[1]));
                ds.add(new License.Dongle(f.serial(), p[0], f.publicKey()));
            }
            License l = new License(
                    License.FORMAT,
                    licenseId,
                    customer,
                    cluster,
                    siteList,
                    ds,
                    modules.isEmpty() ? License.KNOWN_MODULES : modules,
                    limits,
                    from,
                    from.plus(Duration.ofDays(days)),
                    now,
                    new License.Policy(
                            quorum,
                            duration(maxAge, "--attestation-max-age"),
                            duration(minorityGrace, "--minority-grace"),
                            duration(noDongleGrace, "--no-dongle-grace"),
                            duration(clockTolerance, "--clock-tolerance")),
                    demoKey);
            byte[] doc = LicenseDocument.sign(l, vendor);
            Files.write(out, doc);
            out().println("wrote " + out + ": license " + licenseId + " for " + customer + ", cluster " + cluster
                    + ", " + siteList.size() + " sites, " + ds.size() + " dongles, valid " + l.notBefore() + " to "
                    + l.notAfter() + ", signed by " + vendor.keyId() + (demoKey ? " (DEMO)" : ""));
            out().flush();
            return 0;
        }

        private static Instant instant(String s, String option) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        option + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z;" + " got '" + s + "'", e);
            }
        }

        private static Duration duration(String s, String option) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        option + " must be an ISO-8601 duration such as PT15M or P30D; got '" + s + "'", e);
            }
        }
    }

    /** {@code triad license inspect FILE}: prints the license without checking the signature. */
    @Command(name = "inspect", description = "Print a license file's content (without checking its signature).")
    static final class Inspect extends Subcommand {
        @Parameters(index = "0", description = "The license file")
        Path file = Path.of("license.json");

        @Override
        public Integer call() throws IOException, LicenseException {
            LicenseDocument.Unverified u = LicenseDocument.inspect(Files.readAllBytes(file));
            out().println("signed by vendor key: " + u.keyId()
                    + " (signature not checked; use 'triad license verify')");
            out().println(LicenseJson.pretty(u.license()));
            out().flush();
            return 0;
        }
    }

    /** {@code triad license verify FILE}: checks the signature against vendor keys. */
    @Command(name = "verify", description = "Check a license file's signature against trusted vendor keys.")
    static final class Verify extends Subcommand {
        @Parameters(index = "0", description = "The license file")
        Path file = Path.of("license.json");

        @Option(
                names = "--vendor-key",
                description =
                        "A vendor public key file to trust; repeat (default: the" + " appliance's configured keys)")
        List<Path> vendorKeys = new ArrayList<>();

        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws IOException, LicenseException {
            VendorKeys keys;
            if (vendorKeys.isEmpty()) {
                TriadConfig c = options.load();
                keys = VendorKeys.load(
                        Licensing.Paths.of(c, Path.of(c.data)).vendorKeysDir(), c.licensing.trustDemoKey);
            } else {
                keys = VendorKeys.ofPublicKeyFiles(vendorKeys);
            }
            try {
                SignedLicense s = LicenseDocument.verify(Files.readAllBytes(file), keys);
                License l = s.license();
                out().println("OK: license " + l.licenseId() + " for " + l.customer() + " (cluster " + l.clusterId()
                        + "), signed by " + s.keyId() + ", valid " + l.notBefore() + " to " + l.notAfter()
                        + (l.demo() ? " (DEMO)" : ""));
                out().flush();
                return 0;
            } catch (LicenseException e) {
                err().println("REFUSED: " + e.getMessage());
                err().flush();
                return 1;
            }
        }
    }

    /** {@code triad license install FILE}: verifies and installs into a data directory (offline). */
    @Command(
            name = "install",
            description = "Verify a license and install it into the data directory (a running appliance takes it at"
                    + " its next attestation; or use POST /api/v1/license).")
    static final class Install extends Subcommand {
        @Parameters(index = "0", description = "The license file")
        Path file = Path.of("license.json");

        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws IOException, LicenseException {
            TriadConfig c = options.load();
            Licensing.Paths paths = Licensing.Paths.of(c, Path.of(c.data));
            byte[] doc = Files.readAllBytes(file);
            SignedLicense s =
                    LicenseDocument.verify(doc, VendorKeys.load(paths.vendorKeysDir(), c.licensing.trustDemoKey));
            if (!s.license().clusterId().equals(c.site.cluster())) {
                throw new LicenseException("license " + s.license().licenseId() + " is for cluster '"
                        + s.license().clusterId() + "'; this appliance is in cluster '" + c.site.cluster() + "'");
            }
            DurableFiles.writeCreatingDirectories(paths.licenseFile(), doc);
            out().println("installed license " + s.license().licenseId() + " as " + paths.licenseFile());
            out().flush();
            return 0;
        }
    }
}
