package io.triad.licensing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.triad.durable.DurableFiles;
import io.triad.licensing.attest.AttestationStore;
import io.triad.licensing.attest.Attestor;
import io.triad.licensing.attest.DongleReading;
import io.triad.licensing.attest.SiteReport;
import io.triad.licensing.dongle.DongleTransport;
import io.triad.licensing.license.License;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.LicenseException;
import io.triad.licensing.license.SignedLicense;
import io.triad.licensing.license.VendorKeys;
import io.triad.licensing.status.LicenseState;
import io.triad.licensing.status.LicenseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This site's licensing: attests the local dongles on a schedule and on hot-plug, publishes the report to the {@link
 * AttestationStore}, evaluates the cluster's state ({@link LicenseEvaluator}) from every site's report, keeps the
 * audit trail and the evaluation memory in {@link LicenseHistory}, installs new licenses, and exports the state as
 * meters.
 *
 * <p>The license in use is the installed file ({@code <data>/license/license.json}); without one, a valid license
 * stored on a local dongle for this cluster is installed from it.
 *
 * <p>NOTE: thread safe. {@link #status()} answers from the latest evaluation without I/O. {@link #close()} stops the
 * schedule; it does not close the transport, store or history, which the caller owns.
 */
public final class LicenseService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LicenseService.class);

    /** How many history entries are kept. */
    static final int HISTORY_KEPT = 10_000;

    /**
     * @param site this site's id
     * @param siteRole {@code data} or {@code witness}
     * @param clusterId the cluster the license must be for
     * @param licenseFile where the installed license is kept
     * @param vendorKeys the trusted vendor keys
     * @param attestInterval how often the local dongles are challenged
     * @param evaluateInterval how often the state is evaluated from the sites' reports
     */
    public record Settings(
            String site,
            String siteRole,
            String clusterId,
            Path licenseFile,
            VendorKeys vendorKeys,
            Duration attestInterval,
            Duration evaluateInterval) {
        public Settings {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(siteRole, "siteRole");
            Objects.requireNonNull(clusterId, "clusterId");
            Objects.requireNonNull(licenseFile, "licenseFile");
            Objects.requireNonNull(vendorKeys, "vendorKeys");
            if (attestInterval.isNegative() || attestInterval.isZero()) {
                throw new IllegalArgumentException("attestInterval must be positive; got " + attestInterval);
            }
            if (evaluateInterval.isNegative() || evaluateInterval.isZero()) {
                throw new IllegalArgumentException("evaluateInterval must be positive; got " + evaluateInterval);
            }
        }
    }

    private final Settings settings;
    private final Attestor attestor;
    private final AttestationStore store;
    private final LicenseHistory history;
    private final Clock clock;
    private final Timer attestTimer;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final Object lock = new Object();
    private @Nullable ScheduledFuture<?> attesting;
    private @Nullable ScheduledFuture<?> evaluating;
    private volatile LicenseStatus status;
    private @Nullable SignedLicense license;
    private @Nullable String licenseProblem;
    private Set<String> presentSerials = Set.of();
    private boolean firstAttestation = true;
    private boolean evaluatedOnce;

    /**
     * @param transport this site's dongles ({@link DongleTransport#usb}, {@link DongleTransport#emulated}); challenged
     *     with nonces from a new {@link SecureRandom}
     * @param store where the sites share their reports
     * @param history the audit trail and the evaluation's memory
     */
    public LicenseService(
            Settings settings,
            DongleTransport transport,
            AttestationStore store,
            LicenseHistory history,
            Clock clock,
            MeterRegistry registry) {
        this(
                settings,
                new Attestor(settings.site(), transport, clock, new SecureRandom()),
                store,
                history,
                clock,
                registry);
    }

    LicenseService(
            Settings settings,
            Attestor attestor,
            AttestationStore store,
            LicenseHistory history,
            Clock clock,
            MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.attestor = Objects.requireNonNull(attestor, "attestor");
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triad-licensing");
            t.setDaemon(true);
            return t;
        });
        // until the first evaluation: what the license file alone says, without any report
        this.status = LicenseEvaluator.evaluate(new LicenseEvaluator.Input(
                        null,
                        "not evaluated yet",
                        settings.clusterId(),
                        settings.site(),
                        settings.siteRole(),
                        java.util.Map.of(),
                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        EvaluationMemory.EMPTY))
                .status();
        this.attestTimer = Timer.builder("triad.license.attestation")
                .description("Time to challenge this site's dongles and check their answers")
                .register(registry);
        bindMeters(registry);
    }

    private void bindMeters(MeterRegistry registry) {
        for (LicenseState s : LicenseState.values()) {
            Gauge.builder("triad.license.state", this, x -> x.status.state() == s ? 1 : 0)
                    .description("1 for the cluster's license state as this site sees it, 0 for the others")
                    .tag("state", s.id())
                    .register(registry);
        }
        Gauge.builder(
                        "triad.license.grace.remaining",
                        this,
                        x -> x.status.state() == LicenseState.GRACE
                                ? x.status.graceRemaining().toSeconds()
                                : 0)
                .description("Seconds of grace left before restricted mode (0 when not in grace)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("triad.license.expiry", this, x -> {
                    LicenseStatus.Terms t = x.status.license();
                    return t == null ? Double.NaN : t.expiresIn().toSeconds();
                })
                .description("Seconds until the license's validity ends")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "triad.license.sites.attested",
                        this,
                        x -> x.status.quorum().attested())
                .description("Sites whose dongle attestation counts now")
                .register(registry);
        Gauge.builder(
                        "triad.license.sites.required",
                        this,
                        x -> x.status.quorum().required())
                .description("Sites with an attested dongle the license's quorum needs")
                .register(registry);
        Gauge.builder("triad.license.dongle.attested", this, x -> x.localDongleAttested() ? 1 : 0)
                .description("1 when this site's own dongle attestation counts")
                .register(registry);
        Gauge.builder("triad.license.configuration.locked", this, x -> x.status.configurationLocked() ? 1 : 0)
                .description("1 when configuration changes are locked by the license state")
                .register(registry);
    }

    private boolean localDongleAttested() {
        return status.sites().stream()
                .filter(s -> s.id().equals(settings.site()))
                .anyMatch(s -> s.dongle() != null && s.dongle().attested());
    }

    /** Attests and evaluates once now, then on the schedule and whenever a dongle arrives or leaves. */
    public void start() {
        refresh();
        synchronized (lock) {
            long a = settings.attestInterval().toMillis();
            long e = settings.evaluateInterval().toMillis();
            attesting = executor.scheduleWithFixedDelay(this::attestQuietly, a, a, TimeUnit.MILLISECONDS);
            evaluating = executor.scheduleWithFixedDelay(this::evaluateQuietly, e, e, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues an attestation (hot-plug); several calls before it runs make one. */
    public void dongleChanged() {
        if (refreshQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                refreshQueued.set(false);
                attestQuietly();
            });
        }
    }

    /** The latest status (no I/O). */
    public LicenseStatus status() {
        return status;
    }

    /** Whether configuration changes are refused now. */
    public boolean configurationLocked() {
        return status.configurationLocked();
    }

    /** Attests the local dongles and evaluates now; returns the new status. */
    public LicenseStatus refresh() {
        synchronized (lock) {
            attest();
            return evaluate();
        }
    }

    /** Evaluates from the reports the store has now. */
    public LicenseStatus evaluate() {
        synchronized (lock) {
            try {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                EvaluationMemory before = history.memory();
                LicenseEvaluator.Evaluation e = LicenseEvaluator.evaluate(input(now, before));
                history.remember(e.memory());
                LicenseStatus previous = status;
                status = e.status();
                if (previous.state() != status.state() || !evaluatedOnce) {
                    evaluatedOnce = true;
                    record(now, "state", status.reason());
                    LOG.info("license state {}: {}", status.state().id(), status.reason());
                }
                return status;
            } catch (SQLException ex) {
                throw new IllegalStateException("the license database failed: " + ex.getMessage(), ex);
            }
        }
    }

    private LicenseEvaluator.Input input(Instant now, EvaluationMemory memory) {
        return new LicenseEvaluator.Input(
                license,
                licenseProblem,
                settings.clusterId(),
                settings.site(),
                settings.siteRole(),
                store.reports(),
                now,
                memory);
    }

    private void attest() {
        loadLicense();
        long t0 = System.nanoTime();
        SiteReport report = attestor.attest(license == null ? null : license.license());
        attestTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        Set<String> now = new HashSet<>();
        for (DongleReading r : report.dongles()) {
            now.add(r.serial().isEmpty() ? r.address() : r.serial());
        }
        Instant at = report.at();
        if (!firstAttestation) {
            for (String s : now) {
                if (!presentSerials.contains(s)) {
                    record(at, "dongle", "dongle " + s + " plugged in at site " + settings.site());
                }
            }
            for (String s : presentSerials) {
                if (!now.contains(s)) {
                    record(at, "dongle", "dongle " + s + " removed from site " + settings.site());
                }
            }
        }
        for (DongleReading r : report.dongles()) {
            if (r.problem() != null && (firstAttestation || !presentSerials.contains(r.serial()))) {
                record(
                        at,
                        "dongle",
                        "dongle " + (r.serial().isEmpty() ? r.address() : r.serial()) + " does not count: "
                                + r.problem());
            }
        }
        if (report.problem() != null && firstAttestation) {
            record(at, "dongle", "the dongles cannot be listed: " + report.problem());
        }
        presentSerials = Set.copyOf(now);
        firstAttestation = false;
        store.publish(report);
    }

    private void attestQuietly() {
        try {
            synchronized (lock) {
                attest();
                evaluate();
            }
        } catch (RuntimeException e) {
            LOG.error("license attestation failed", e);
        }
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.error("license evaluation failed", e);
        }
    }

    /** Reads the installed license; without one, installs a valid one for this cluster from a local dongle. */
    private void loadLicense() {
        Path file = settings.licenseFile();
        byte[] bytes = null;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            // none installed yet
        } catch (IOException e) {
            license = null;
            licenseProblem = "the installed license " + file + " cannot be read: " + e.getMessage();
            return;
        }
        if (bytes != null) {
            if (license != null && java.util.Arrays.equals(bytes, license.document())) {
                return;
            }
            try {
                license = LicenseDocument.verify(bytes, settings.vendorKeys());
                licenseProblem = null;
            } catch (LicenseException e) {
                license = null;
                licenseProblem = "the installed license " + file + " is refused: " + e.getMessage();
            }
            return;
        }
        SignedLicense fromDongle = attestor.storedLicenses().stream()
                .map(this::verifiedForThisCluster)
                .filter(Objects::nonNull)
                .max(Comparator.comparing(s -> s.license().issued()))
                .orElse(null);
        if (fromDongle == null) {
            license = null;
            licenseProblem = "no license is installed, and no local dongle stores one for cluster '"
                    + settings.clusterId() + "'";
            return;
        }
        try {
            write(fromDongle.document());
            license = fromDongle;
            licenseProblem = null;
            record(
                    clock.instant(),
                    "install",
                    "license " + fromDongle.license().licenseId() + " installed from the dongle's storage");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the license file " + file + ": " + e.getMessage(), e);
        }
    }

    private @Nullable SignedLicense verifiedForThisCluster(byte[] document) {
        try {
            SignedLicense s = LicenseDocument.verify(document, settings.vendorKeys());
            return s.license().clusterId().equals(settings.clusterId()) ? s : null;
        } catch (LicenseException e) {
            return null;
        }
    }

    /**
     * Installs a license document (the admin's {@code POST /api/v1/license}), possible in every state.
     *
     * @param by who installs it, for the audit trail
     * @throws LicenseException when it does not verify, or is for another cluster or does not list this site
     */
    public LicenseStatus install(byte[] document, String by) throws LicenseException {
        SignedLicense s = LicenseDocument.verify(document, settings.vendorKeys());
        License l = s.license();
        if (!l.clusterId().equals(settings.clusterId())) {
            throw new LicenseException("license " + l.licenseId() + " is for cluster '" + l.clusterId()
                    + "'; this appliance is in cluster '" + settings.clusterId() + "'");
        }
        if (!l.hasSite(settings.site())) {
            throw new LicenseException("license " + l.licenseId() + " does not list this site '" + settings.site()
                    + "' (it lists " + l.sites().stream().map(License.Site::id).toList() + ")");
        }
        synchronized (lock) {
            try {
                write(document);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the license file: " + e.getMessage(), e);
            }
            license = s;
            licenseProblem = null;
            record(
                    clock.instant(),
                    "install",
                    "license " + l.licenseId() + " for " + l.customer() + " (valid " + l.notBefore() + " to "
                            + l.notAfter() + ", signed by " + s.keyId() + ") installed by " + by);
            return refresh();
        }
    }

    /** The installed license document, if any. */
    public @Nullable SignedLicense license() {
        synchronized (lock) {
            return license;
        }
    }

    private void write(byte[] document) throws IOException {
        DurableFiles.writeCreatingDirectories(settings.licenseFile(), document);
    }

    /** The newest {@code limit} history entries, newest first. */
    public List<LicenseHistory.Entry> history(int limit) {
        try {
            return history.newest(limit);
        } catch (SQLException e) {
            throw new IllegalStateException("the license database failed: " + e.getMessage(), e);
        }
    }

    private void record(Instant at, String kind, String message) {
        try {
            SignedLicense l = license;
            history.add(
                    at, kind, status.state().id(), l == null ? "" : l.license().licenseId(), message);
            history.trim(HISTORY_KEPT);
        } catch (SQLException e) {
            throw new IllegalStateException("the license database failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (attesting != null) {
                attesting.cancel(false);
            }
            if (evaluating != null) {
                evaluating.cancel(false);
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
