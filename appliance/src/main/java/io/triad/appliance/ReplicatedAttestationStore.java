package io.triad.appliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.triad.failover.ClusterChange;
import io.triad.failover.ClusterState;
import io.triad.failover.Coordinator;
import io.triad.licensing.attest.AttestationStore;
import io.triad.licensing.attest.DongleReading;
import io.triad.licensing.attest.SiteReport;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site reports in the replicated cluster state: {@link #publish} submits this site's report as a {@link
 * ClusterChange.RecordAttestation} through the {@link Coordinator}, {@link #reports} reads every site's latest one from
 * {@link ClusterState#attestations()}. The three sites of a cluster thus share their dongle evidence without a shared
 * directory, and a site lost entirely leaves its last report with the survivors, where it ages out by the license's
 * {@code attestationMaxAge}. The store only carries reports: every reader checks the evidence itself.
 *
 * <p>Raft's log is not fed one entry per attestation: a report whose findings (transport, problem, and per dongle its
 * serial, address, firmware, problem and whether it answered) equal those of the report the state holds for this site
 * is not submitted until that one is {@link Settings#refresh} old (or a third of the license's {@code
 * attestationMaxAge}, when that is shorter), so the evidence peers see stays fresh enough to count. A changed report
 * (a dongle pulled, plugged, failing) is submitted at once. This site's own latest report is part of {@link #reports}
 * before it is committed, so the local evaluation sees a hot-plug at once.
 *
 * <p>Submits are asynchronous: {@link #publish} never waits for the cluster. At most one submit is in flight; a report
 * published meanwhile replaces the pending one and follows when the first completes. A submit that fails, or that no
 * quorum takes within {@link Settings#submitTimeout}, is counted and logged once per outage; the report is submitted
 * again on the next publish and whenever the cluster state or its leadership changes during the outage.
 *
 * <p>Entries of the state that do not read as a site report (another version's JSON, a report naming another site)
 * are skipped, counted and logged once per entry.
 *
 * <p>NOTE: thread safe. The store watches the coordinator from construction until {@link #close()}; it does not close
 * the coordinator, which the caller owns and closes after it.
 */
final class ReplicatedAttestationStore implements AttestationStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedAttestationStore.class);

    /** The JSON of a report, as {@link AttestationStore#directory} writes it. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A retry on a state or leader change comes at most this often during an outage. */
    private static final long RETRY_SPACING_NANOS = 1_000_000_000L;

    /**
     * @param refresh how old the committed report of this site may grow before an unchanged one replaces it
     * @param maxReportBytes the largest report (its JSON) that is submitted
     * @param submitTimeout how long a submit may take before it counts as failed (it may still be applied later)
     */
    record Settings(Duration refresh, int maxReportBytes, Duration submitTimeout) {
        Settings {
            if (refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("refresh must be positive; got: " + refresh);
            }
            if (maxReportBytes < 256) {
                throw new IllegalArgumentException("maxReportBytes must be >= 256; got: " + maxReportBytes);
            }
            if (submitTimeout.isNegative() || submitTimeout.isZero()) {
                throw new IllegalArgumentException("submitTimeout must be positive; got: " + submitTimeout);
            }
        }
    }

    /** A report of this site too large for the cluster state. */
    static final class ReportTooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ReportTooLargeException(String message) {
            super(message);
        }
    }

    /** A state entry and what it read as: the report, or null when it is malformed. */
    private record Parsed(
            ClusterState.Attestation entry, @Nullable SiteReport report) {}

    /** A report of this site and its JSON tree. */
    private record Pending(SiteReport report, JsonNode evidence) {}

    private final Coordinator coordinator;
    private final String site;
    private final Settings settings;
    private final Supplier<Optional<Duration>> attestationMaxAge;
    private final Counter committed;
    private final Counter failed;
    private final Counter unchanged;
    private final Counter malformed;
    private final Counter oversize;
    private final Coordinator.Subscription watch;

    // guarded by this
    private final Map<String, Parsed> parsed = new HashMap<>();
    private @Nullable Pending latest;
    private boolean inFlight;
    private boolean outage;
    private long failuresInOutage;
    private long lastFailureNanos;
    private Duration refresh;
    private boolean closed;

    /**
     * @param coordinator this site's coordinator; its {@link Coordinator#siteId()} is the site whose reports this store
     *     publishes
     * @param attestationMaxAge the installed license's {@code attestationMaxAge}, if one is installed; read on the
     *     thread that calls {@link #publish}
     */
    ReplicatedAttestationStore(
            Coordinator coordinator,
            Settings settings,
            Supplier<Optional<Duration>> attestationMaxAge,
            MeterRegistry registry) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.site = coordinator.siteId();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.attestationMaxAge = Objects.requireNonNull(attestationMaxAge, "attestationMaxAge");
        this.refresh = settings.refresh();
        String submitted = "triad.license.reports.submitted";
        String help = "This site's attestation reports submitted to the replicated cluster state, by outcome";
        this.committed = Counter.builder(submitted)
                .description(help)
                .tag("outcome", "committed")
                .register(registry);
        this.failed = Counter.builder(submitted)
                .description(help)
                .tag("outcome", "failed")
                .register(registry);
        this.unchanged = Counter.builder("triad.license.reports.unchanged")
                .description("Attestation reports not submitted: the cluster state's report of this site says the same"
                        + " and is younger than the refresh interval")
                .register(registry);
        this.malformed = Counter.builder("triad.license.reports.malformed")
                .description("Attestation entries of the cluster state skipped because they do not read as a report")
                .register(registry);
        this.oversize = Counter.builder("triad.license.reports.oversize")
                .description("Attestation reports of this site refused because they exceed licensing.maxReportBytes")
                .register(registry);
        this.watch = coordinator.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                retryInOutage();
            }

            @Override
            public void leaderChanged(Optional<String> leader, long term) {
                if (leader.isPresent()) {
                    retryInOutage();
                }
            }
        });
    }

    /**
     * Makes {@code report} this site's latest and submits it unless the state's report says the same and is recent.
     *
     * @throws IllegalArgumentException if the report is of another site
     * @throws ReportTooLargeException if its JSON exceeds {@link Settings#maxReportBytes} (nothing is published)
     */
    @Override
    public void publish(SiteReport report) {
        if (!report.site().equals(site)) {
            throw new IllegalArgumentException(
                    "this store publishes the reports of site " + site + "; got a report of site " + report.site());
        }
        byte[] json;
        JsonNode tree;
        try {
            json = JSON.writeValueAsBytes(report);
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the attestation report as JSON: " + e.getMessage(), e);
        }
        if (json.length > settings.maxReportBytes()) {
            oversize.increment();
            throw new ReportTooLargeException("the attestation report of site " + site + " is " + json.length
                    + " bytes of JSON, more than licensing.maxReportBytes (" + settings.maxReportBytes()
                    + ") allows; it"
                    + " lists " + report.dongles().size() + " dongles");
        }
        Duration r = settings.refresh();
        Optional<Duration> maxAge = attestationMaxAge.get();
        if (maxAge.isPresent() && maxAge.get().dividedBy(3).compareTo(r) < 0) {
            r = maxAge.get().dividedBy(3);
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the attestation store is closed");
            }
            refresh = r.isZero() ? Duration.ofMillis(1) : r;
            latest = new Pending(report, tree);
        }
        submitIfNeeded();
    }

    /**
     * Every site's latest report in the cluster state this site has applied, and this site's own latest one when it is
     * newer than the committed one.
     */
    @Override
    public Map<String, SiteReport> reports() {
        ClusterState state = coordinator.state();
        Map<String, SiteReport> out = new TreeMap<>();
        synchronized (this) {
            parsed.keySet().retainAll(state.attestations().keySet());
            for (ClusterState.Attestation a : state.attestations().values()) {
                SiteReport r = read(a);
                if (r != null) {
                    out.put(a.site(), r);
                }
            }
            Pending own = latest;
            if (own != null) {
                SiteReport committedOwn = out.get(site);
                if (committedOwn == null || own.report().at().isAfter(committedOwn.at())) {
                    out.put(site, own.report());
                }
            }
        }
        return out;
    }

    /** The report a state entry holds, or null when it is malformed (counted and logged the first time). */
    private @Nullable SiteReport read(ClusterState.Attestation a) {
        assert Thread.holdsLock(this);
        Parsed p = parsed.get(a.site());
        if (p != null && p.entry().equals(a)) {
            return p.report();
        }
        SiteReport r = null;
        String problem;
        try {
            r = JSON.treeToValue(a.evidence(), SiteReport.class);
            problem = r.site().equals(a.site()) ? null : "it is a report of site " + r.site();
        } catch (JsonProcessingException | RuntimeException e) {
            problem = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        if (problem != null) {
            r = null;
            malformed.increment();
            LOG.warn(
                    "skipping the attestation of site {} in the cluster state (recorded at {}): it does not read as a"
                            + " site report: {}",
                    a.site(),
                    a.at(),
                    problem);
        }
        parsed.put(a.site(), new Parsed(a, r));
        return r;
    }

    /** Submits the latest report when nothing is in flight and the state's report of this site does not do. */
    private void submitIfNeeded() {
        Pending send;
        synchronized (this) {
            Pending own = latest;
            if (closed || inFlight || own == null) {
                return;
            }
            ClusterState.Attestation entry = coordinator.state().attestations().get(site);
            SiteReport current = entry == null ? null : read(entry);
            if (current != null
                    && sameFindings(current, own.report())
                    && Duration.between(current.at(), own.report().at()).compareTo(refresh) < 0) {
                if (current.at().isBefore(own.report().at())) {
                    unchanged.increment();
                }
                return;
            }
            inFlight = true;
            send = own;
        }
        CompletableFuture<Long> f;
        try {
            f = coordinator.submit(new ClusterChange.RecordAttestation(
                    site, send.evidence(), send.report().at()));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Long> bounded = f.orTimeout(settings.submitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // completed() records every outcome itself; the futures it returns carry nothing more
        if (bounded.isDone()) {
            var unused = bounded.whenComplete((version, error) -> completed(error)); // at once, on this thread
        } else {
            // not on the coordinator's thread that completes it (Ratis's state machine updater): the follow-up submit
            // runs elsewhere
            var unused = bounded.whenCompleteAsync((version, error) -> completed(error));
        }
    }

    private void completed(@Nullable Throwable error) {
        synchronized (this) {
            inFlight = false;
            if (closed) {
                return;
            }
            if (error == null) {
                committed.increment();
                if (outage) {
                    LOG.info(
                            "the attestation report of site {} reached the cluster state again, after {} failed"
                                    + " submits",
                            site,
                            failuresInOutage);
                    outage = false;
                    failuresInOutage = 0;
                }
            } else {
                failed.increment();
                failuresInOutage++;
                lastFailureNanos = System.nanoTime();
                if (!outage) {
                    outage = true;
                    LOG.warn(
                            "the attestation report of site {} did not reach the cluster state: {}; retrying on the"
                                    + " next attestation and when the cluster changes (logged once until it works)",
                            site,
                            describe(error));
                } else {
                    LOG.debug("the attestation report of site {} failed again: {}", site, describe(error));
                }
                return;
            }
        }
        submitIfNeeded(); // a report published while this one was in flight
    }

    private void retryInOutage() {
        synchronized (this) {
            if (!outage || System.nanoTime() - lastFailureNanos < RETRY_SPACING_NANOS) {
                return;
            }
        }
        submitIfNeeded();
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException) {
            return "no quorum took it in time";
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Whether two reports found the same: everything but the times and the evidence's salts and signatures. */
    static boolean sameFindings(SiteReport a, SiteReport b) {
        if (!a.site().equals(b.site())
                || !a.transport().equals(b.transport())
                || !Objects.equals(a.problem(), b.problem())
                || a.dongles().size() != b.dongles().size()) {
            return false;
        }
        List<DongleReading> x = a.dongles();
        List<DongleReading> y = b.dongles();
        for (int i = 0; i < x.size(); i++) {
            DongleReading p = x.get(i);
            DongleReading q = y.get(i);
            if (!p.serial().equals(q.serial())
                    || !p.address().equals(q.address())
                    || !p.firmware().equals(q.firmware())
                    || !Objects.equals(p.problem(), q.problem())
                    || (p.attestation() == null) != (q.attestation() == null)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watch.close();
    }
}
