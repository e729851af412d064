package io.triad.appliance;

import io.micrometer.core.instrument.MeterRegistry;
import io.triad.appliance.config.LicensingSection;
import io.triad.appliance.config.TriadConfig;
import io.triad.failover.Coordinator;
import io.triad.licensing.LicenseHistory;
import io.triad.licensing.LicenseService;
import io.triad.licensing.attest.AttestationStore;
import io.triad.licensing.dongle.DongleException;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.SignedLicense;
import io.triad.licensing.license.VendorKeys;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The licensing part of the object graph: the dongle transport of {@code licensing.transport}, the attestation store
 * (the replicated cluster state on a clustered site, {@link ReplicatedAttestationStore}; the directory {@code
 * licensing.attestationsDir} on a single site), the H2 history and the {@link LicenseService}; and, at the first start
 * of an emulated appliance without a license, the demo provisioning (an emulated dongle for this site storing a
 * standalone demo license).
 *
 * <p>NOTE: closes the service, then the history, the store and the transport; not the coordinator, which the caller
 * closes after this.
 */
final class Licensing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Licensing.class);

    /** The serial of the dongle the demo provisioning makes. */
    static String demoSerial(String site) {
        return "DEMO-" + site.toUpperCase(java.util.Locale.ROOT);
    }

    private final DongleTransport transport;
    private final AttestationStore store;
    private final LicenseHistory history;
    private final LicenseService service;

    private Licensing(DongleTransport transport, AttestationStore store, LicenseHistory history, LicenseService s) {
        this.transport = transport;
        this.store = store;
        this.history = history;
        this.service = s;
    }

    /** The paths of one site's licensing below {@code <data>/license}. */
    record Paths(Path root, Path licenseFile, Path emulatedDir, Path attestationsDir, Path vendorKeysDir) {
        static Paths of(TriadConfig c, Path data) {
            LicensingSection l = c.licensing;
            Path root = data.resolve("license");
            return new Paths(
                    root,
                    root.resolve("license.json"),
                    l.emulatedDir.isEmpty() ? root.resolve("dongles") : Path.of(l.emulatedDir),
                    l.attestationsDir.isEmpty() ? root.resolve("attestations") : Path.of(l.attestationsDir),
                    l.vendorKeysDir.isEmpty() ? root.resolve("vendor-keys") : Path.of(l.vendorKeysDir));
        }
    }

    /**
     * Starts this site's licensing; on a clustered site ({@link TriadConfig#clustered()}) the sites' reports travel in
     * the cluster state of {@code coordinator}.
     */
    static Licensing start(TriadConfig c, Path data, Coordinator coordinator, Clock clock, MeterRegistry registry)
            throws Exception {
        LicensingSection l = c.licensing;
        Paths paths = Paths.of(c, data);
        Files.createDirectories(paths.root());
        VendorKeys keys = VendorKeys.load(paths.vendorKeysDir(), l.trustDemoKey);
        DongleTransport transport = transport(c, paths);
        AttestationStore store = null;
        LicenseHistory history = null;
        try {
            if ("emulated".equals(l.transport) && l.provisionDemo && l.trustDemoKey) {
                provisionDemo(c, paths, clock);
            }
            AtomicReference<LicenseService> built = new AtomicReference<>();
            store = store(c, paths, coordinator, () -> attestationMaxAge(built.get()), registry);
            history = LicenseHistory.open(paths.root());
            LicenseService service = new LicenseService(
                    new LicenseService.Settings(
                            c.site.id(),
                            c.site.role(),
                            c.site.cluster(),
                            paths.licenseFile(),
                            keys,
                            Duration.ofSeconds(l.attestIntervalSeconds),
                            Duration.ofSeconds(l.evaluateIntervalSeconds)),
                    transport,
                    store,
                    history,
                    clock,
                    registry);
            built.set(service);
            transport.onChange(service::dongleChanged);
            service.start();
            var st = service.status();
            LOG.info(
                    "license: {} ({}), dongles through the {} transport",
                    st.state().id(),
                    st.reason(),
                    transport.kind());
            return new Licensing(transport, store, history, service);
        } catch (Exception | Error e) {
            if (history != null) {
                history.close();
            }
            if (store != null) {
                store.close();
            }
            transport.close();
            throw e;
        }
    }

    /** The replicated store on a clustered site, the directory store on a single site. */
    private static AttestationStore store(
            TriadConfig c,
            Paths paths,
            Coordinator coordinator,
            Supplier<Optional<Duration>> maxAge,
            MeterRegistry registry)
            throws IOException {
        LicensingSection l = c.licensing;
        if (!c.clustered()) {
            return AttestationStore.directory(paths.attestationsDir());
        }
        if (!l.attestationsDir.isEmpty()) {
            LOG.warn(
                    "licensing.attestationsDir ({}) is not used on a clustered site: the attestation reports travel in"
                            + " the cluster state",
                    l.attestationsDir);
        }
        return new ReplicatedAttestationStore(
                coordinator,
                new ReplicatedAttestationStore.Settings(
                        Duration.ofSeconds(l.attestationRefreshSeconds),
                        l.maxReportBytes,
                        Duration.ofMillis(3L * c.cluster.requestTimeoutMillis)),
                maxAge,
                registry);
    }

    /** The installed license's {@code attestationMaxAge}, once the service runs and has one. */
    private static Optional<Duration> attestationMaxAge(@Nullable LicenseService service) {
        SignedLicense s = service == null ? null : service.license();
        return s == null ? Optional.empty() : Optional.of(s.license().policy().attestationMaxAge());
    }

    private static DongleTransport transport(TriadConfig c, Paths paths) throws DongleException, IOException {
        LicensingSection l = c.licensing;
        Duration poll = Duration.ofMillis(l.pollMillis);
        if ("usb".equals(l.transport)) {
            try {
                return DongleTransport.usb(l.vendorId, l.productId, poll);
            } catch (DongleException e) {
                // the appliance runs on: the license state reports the reason (grace, then restricted)
                LOG.error("the USB dongle transport cannot start: {}", e.getMessage());
                return DongleTransport.unavailable("usb", String.valueOf(e.getMessage()));
            }
        }
        Files.createDirectories(paths.emulatedDir());
        return DongleTransport.emulated(paths.emulatedDir(), l.vendorId, l.productId, poll);
    }

    /**
     * A new emulated appliance with no license and no dongle gets a dongle {@code DEMO-<SITE>} that stores a demo
     * license for this site alone (quorum 1, a year), signed by the published demo vendor key. Clearly a demo: the
     * license says {@code "demo": true} and the API shows it.
     */
    static void provisionDemo(TriadConfig c, Paths paths, Clock clock) throws IOException {
        if (Files.exists(paths.licenseFile()) || hasDongles(paths.emulatedDir())) {
            return;
        }
        LicensingSection l = c.licensing;
        String serial = demoSerial(c.site.id());
        EmulatedDongleFile dongle = EmulatedDongleFile.create(serial, new byte[0], l.vendorId, l.productId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        License license = new License(
                License.FORMAT,
                "DEMO-" + c.site.cluster() + "-" + now.getEpochSecond(),
                "Demo (not for production)",
                c.site.cluster(),
                List.of(new License.Site(c.site.id(), c.site.role())),
                List.of(new License.Dongle(serial, c.site.id(), dongle.publicKey())),
                License.KNOWN_MODULES,
                Map.of("nodes", 10),
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)),
                now,
                new License.Policy(
                        1, Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofHours(72), Duration.ofMinutes(10)),
                true);
        byte[] doc = LicenseDocument.sign(license, VendorKeys.demo());
        dongle.withLicense(doc).write(paths.emulatedDir().resolve(EmulatedDongleFile.fileName(serial)));
        LOG.warn(
                "first start: provisioned the emulated dongle {} with a DEMO license for site {} (licensing.provisionDemo;"
                        + " turn it and licensing.trustDemoKey off in production)",
                serial,
                c.site.id());
    }

    private static boolean hasDongles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + EmulatedDongleFile.SUFFIX)) {
            return ds.iterator().hasNext();
        }
    }

    LicenseService service() {
        return service;
    }

    /** The reason configuration is locked, if it is. */
    java.util.Optional<String> lockReason() {
        var s = service.status();
        return s.configurationLocked()
                ? java.util.Optional.of(s.state().id() + ": " + s.reason())
                : java.util.Optional.empty();
    }

    @Override
    public void close() {
        service.close();
        history.close();
        store.close();
        transport.close();
    }
}
