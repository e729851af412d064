package io.triad.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.licensing.LicenseHistory;
import io.triad.licensing.LicenseService;
import io.triad.licensing.attest.AttestationStore;
import io.triad.licensing.attest.Attestor;
import io.triad.licensing.attest.SiteReport;
import io.triad.licensing.crypto.Ed25519;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.SignedLicense;
import io.triad.licensing.license.VendorKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Licensing figures. In this JVM: the attestation of one emulated dongle (scan, open, GET_INFO, CHALLENGE,
 * GET_RESPONSE, the check against the license), beside its cryptographic floor measured in the same run (one Ed25519
 * signature and one verification with the JDK); and a full evaluation of three sites' reports. Over HTTP against a
 * running Triad: {@code GET /api/v1/license} beside {@code GET /api/v1/health} (the cheapest authenticated-free
 * request, the HTTP floor).
 *
 * <p>Arguments: work directory, Triad data directory (its run.json), runs, warm-up runs.
 */
public final class LicenseBench {
    private LicenseBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path triadData = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);

        KeyPair vp = Ed25519.generate();
        VendorKeys.VendorKeyPair vendor = new VendorKeys.VendorKeyPair("bench", vp.getPrivate(), vp.getPublic());
        Path bus = Files.createDirectories(work.resolve("bus"));
        EmulatedDongleFile dongle = EmulatedDongleFile.create(
                "TRD-BENCH-A", new byte[0], DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
        dongle.write(bus.resolve(EmulatedDongleFile.fileName(dongle.serial())));
        EmulatedDongleFile b = EmulatedDongleFile.create(
                "TRD-BENCH-B", new byte[0], DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
        EmulatedDongleFile w = EmulatedDongleFile.create(
                "TRD-BENCH-W", new byte[0], DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
        Instant now = Instant.now();
        License license = new License(
                License.FORMAT,
                "LIC-BENCH",
                "bench",
                "bench",
                List.of(
                        new License.Site("site-a", "data"),
                        new License.Site("site-b", "data"),
                        new License.Site("witness", "witness")),
                List.of(
                        new License.Dongle(dongle.serial(), "site-a", dongle.publicKey()),
                        new License.Dongle(b.serial(), "site-b", b.publicKey()),
                        new License.Dongle(w.serial(), "witness", w.publicKey())),
                License.KNOWN_MODULES,
                Map.of("nodes", 6),
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)),
                now,
                License.Policy.defaults(),
                false);
        byte[] doc = LicenseDocument.sign(license, vendor);
        SignedLicense signed = LicenseDocument.verify(doc, VendorKeys.of(Map.of("bench", vendor.publicKey())));

        double[] attest = new double[runs];
        double[] floor = new double[runs];
        try (DongleTransport t = DongleTransport.emulated(
                bus, DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID, Duration.ofMinutes(10))) {
            Attestor attestor = new Attestor("site-a", t, Clock.systemUTC(), new SecureRandom());
            var priv = Ed25519.privateKey(java.util.Base64.getDecoder().decode(dongle.privateKey()));
            var pub = Ed25519.publicKey(dongle.publicKeyBytes());
            byte[] msg = new byte[64];
            for (int i = -warmup; i < runs; i++) {
                long t0 = System.nanoTime();
                SiteReport r = attestor.attest(signed.license());
                long t1 = System.nanoTime();
                if (r.dongles().size() != 1 || r.dongles().get(0).attestation() == null) {
                    throw new IllegalStateException("attestation failed: " + r);
                }
                long t2 = System.nanoTime();
                byte[] sig = Ed25519.sign(priv, msg);
                if (!Ed25519.verify(pub, msg, sig)) {
                    throw new IllegalStateException("verify failed");
                }
                long t3 = System.nanoTime();
                if (i >= 0) {
                    attest[i] = (t1 - t0) / 1e6;
                    floor[i] = (t3 - t2) / 1e6;
                }
            }
        }

        // the end-to-end service step: attest, publish, read all reports, evaluate, remember (H2)
        double[] refresh = new double[runs];
        try (DongleTransport t = DongleTransport.emulated(
                        bus,
                        DongleProtocol.DEFAULT_VENDOR_ID,
                        DongleProtocol.DEFAULT_PRODUCT_ID,
                        Duration.ofMinutes(10));
                LicenseHistory h = LicenseHistory.open(Files.createDirectories(work.resolve("history")));
                AttestationStore store = AttestationStore.directory(work.resolve("attestations"));
                LicenseService s = new LicenseService(
                        new LicenseService.Settings(
                                "site-a",
                                "data",
                                "bench",
                                work.resolve("license.json"),
                                VendorKeys.of(Map.of("bench", vendor.publicKey())),
                                Duration.ofHours(1),
                                Duration.ofHours(1)),
                        t,
                        store,
                        h,
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())) {
            s.install(doc, "bench");
            for (int i = -warmup; i < runs; i++) {
                long t0 = System.nanoTime();
                s.refresh();
                long t1 = System.nanoTime();
                if (i >= 0) {
                    refresh[i] = (t1 - t0) / 1e6;
                }
            }
        }

        TriadClient triad = TriadClient.fromRunFile(triadData);
        double[] status = new double[runs];
        double[] health = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            long t0 = System.nanoTime();
            byte[] body = triad.getBytes("/api/v1/license", Map.of());
            long t1 = System.nanoTime();
            triad.getBytes("/api/v1/health", Map.of());
            long t2 = System.nanoTime();
            if (body.length < 100) {
                throw new IllegalStateException("short license answer: " + body.length + " bytes");
            }
            if (i >= 0) {
                status[i] = (t1 - t0) / 1e6;
                health[i] = (t2 - t1) / 1e6;
            }
        }

        Percentiles a = new Percentiles(attest);
        Percentiles f = new Percentiles(floor);
        Percentiles r = new Percentiles(refresh);
        Percentiles st = new Percentiles(status);
        Percentiles he = new Percentiles(health);
        System.out.printf(Locale.ROOT, "%nlicense bench: %d runs after %d warm-up%n%n", runs, warmup);
        System.out.printf(Locale.ROOT, "%-58s %16s %16s %8s%n", "figure (ms)", "p50 / p99", "baseline p50/p99", "bar");
        row("attestation of one emulated dongle", a, f, "Ed25519 sign+verify", "-");
        row("service refresh (attest, publish, evaluate, H2)", r, f, "Ed25519 sign+verify", "-");
        row("GET /api/v1/license over HTTP", st, he, "GET /api/v1/health", st.at(99) <= 10 ? "PASS" : "FAIL");
    }

    private static void row(String what, Percentiles p, Percentiles base, String baseName, String bar) {
        System.out.printf(
                Locale.ROOT,
                "%-58s %7.2f / %6.2f %7.2f / %6.2f %8s   (baseline: %s; ratio of p50s %.1f)%n",
                what,
                p.at(50),
                p.at(99),
                base.at(50),
                base.at(99),
                bar,
                baseName,
                p.at(50) / base.at(50));
    }
}
