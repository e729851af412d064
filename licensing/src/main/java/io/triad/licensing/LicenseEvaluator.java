package io.triad.licensing;

import io.triad.licensing.attest.Attestation;
import io.triad.licensing.attest.DongleReading;
import io.triad.licensing.attest.SiteReport;
import io.triad.licensing.license.License;
import io.triad.licensing.license.SignedLicense;
import io.triad.licensing.status.LicenseState;
import io.triad.licensing.status.LicenseStatus;
import io.triad.licensing.status.LicenseStatus.ClockCheck;
import io.triad.licensing.status.LicenseStatus.DongleStatus;
import io.triad.licensing.status.LicenseStatus.Quorum;
import io.triad.licensing.status.LicenseStatus.SiteStatus;
import io.triad.licensing.status.LicenseStatus.Terms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides the license state, as a pure function of the license, the sites' reports, the time and the {@link
 * EvaluationMemory}.
 *
 * <ol>
 *   <li>No usable license (none, a broken signature, another cluster's, a site it does not list): {@code unlicensed}.
 *   <li>The clock is behind its high-water mark, or behind a peer's latest report, by more than the policy's
 *       tolerance: {@code restricted} (setting the clock back must not revive an expired license or a spent grace).
 *   <li>Outside the validity window: {@code restricted}.
 *   <li>A site counts when its latest report holds evidence of the dongle the license assigns to it that verifies
 *       ({@link Attestation#problem}) and is at most {@code attestationMaxAge} old. At least {@code quorum} such
 *       sites: {@code licensed}.
 *   <li>Fewer: {@code grace} from the moment the quorum was lost, for {@code minorityGrace} while some site still
 *       counts and {@code noDongleGrace} when none does; then {@code restricted}.
 * </ol>
 *
 * <p>NOTE: stateless and thread safe.
 */
final class LicenseEvaluator {

    /** What to evaluate. */
    record Input(
            @Nullable SignedLicense license,
            @Nullable String licenseProblem,
            String clusterId,
            String site,
            String siteRole,
            Map<String, SiteReport> reports,
            Instant now,
            EvaluationMemory memory) {
        public Input {
            Objects.requireNonNull(clusterId, "clusterId");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(siteRole, "siteRole");
            reports = Map.copyOf(reports);
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(memory, "memory");
        }
    }

    /** The status and what to remember. */
    record Evaluation(LicenseStatus status, EvaluationMemory memory) {}

    private LicenseEvaluator() {}

    static Evaluation evaluate(Input in) {
        Instant now = in.now();
        Instant high = in.memory().highWater();
        SignedLicense signed = in.license();
        if (signed == null) {
            String why = in.licenseProblem() != null ? in.licenseProblem() : "no license is installed";
            return unlicensed(in, why, high);
        }
        License l = signed.license();
        if (!l.clusterId().equals(in.clusterId())) {
            return unlicensed(
                    in,
                    "license " + l.licenseId() + " is for cluster '" + l.clusterId()
                            + "'; this appliance is in cluster '" + in.clusterId() + "'",
                    high);
        }
        if (!l.hasSite(in.site())) {
            return unlicensed(in, "license " + l.licenseId() + " does not list this site '" + in.site() + "'", high);
        }
        License.Policy policy = l.policy();
        Duration tolerance = policy.clockTolerance();

        ClockCheck clock = clockCheck(in, tolerance);
        Instant newHigh = clock.rollbackDetected() ? high : now;
        List<SiteStatus> sites = new ArrayList<>();
        List<String> counted = new ArrayList<>();
        for (License.Site s : l.sites()) {
            SiteStatus st = siteStatus(l, s, in.reports().get(s.id()), now);
            sites.add(st);
            if (st.dongle() != null && st.dongle().attested()) {
                counted.add(s.id());
            }
        }
        Quorum quorum = new Quorum(policy.quorum(), counted.size(), counted);
        Terms terms = terms(signed, now);

        // restricted before any counting: a clock set back, or outside the validity window; the grace start is kept
        String invalid = clock.rollbackDetected()
                ? "the clock was set back: " + clock.detail()
                : now.isBefore(l.notBefore())
                        ? "license " + l.licenseId() + " is not valid before " + l.notBefore()
                        : !now.isBefore(l.notAfter())
                                ? "license " + l.licenseId() + " expired at " + l.notAfter()
                                : null;
        if (invalid != null) {
            return new Evaluation(
                    status(in, LicenseState.RESTRICTED, invalid, Duration.ZERO, quorum, terms, sites, clock),
                    new EvaluationMemory(in.memory().graceSince(), newHigh));
        }
        if (counted.size() >= policy.quorum()) {
            String why = "dongles attested at " + counted.size() + " of "
                    + l.sites().size() + " sites (" + String.join(", ", counted) + "); " + policy.quorum() + " needed";
            return new Evaluation(
                    // the whole grace a loss of the quorum would start with
                    status(in, LicenseState.LICENSED, why, policy.minorityGrace(), quorum, terms, sites, clock),
                    new EvaluationMemory(null, newHigh));
        }
        return withoutQuorum(in, l, counted, quorum, terms, sites, clock, newHigh);
    }

    /** Too few dongles attested: grace since the quorum was lost, then restricted once the grace period is over. */
    private static Evaluation withoutQuorum(
            Input in,
            License l,
            List<String> counted,
            Quorum quorum,
            Terms terms,
            List<SiteStatus> sites,
            ClockCheck clock,
            @Nullable Instant newHigh) {
        Instant now = in.now();
        License.Policy policy = l.policy();
        Instant since = in.memory().graceSince() != null ? in.memory().graceSince() : now;
        Duration period = counted.isEmpty() ? policy.noDongleGrace() : policy.minorityGrace();
        Duration left = Duration.between(now, since.plus(period));
        String seen = counted.isEmpty()
                ? "no attested dongle at any site"
                : "dongles attested at " + counted.size() + " of " + l.sites().size() + " sites ("
                        + String.join(", ", counted) + "); " + policy.quorum() + " needed";
        EvaluationMemory memory = new EvaluationMemory(since, newHigh);
        if (left.isNegative() || left.isZero()) {
            return new Evaluation(
                    status(
                            in,
                            LicenseState.RESTRICTED,
                            seen + "; the grace period of " + period + " since " + since + " is over",
                            Duration.ZERO,
                            quorum,
                            terms,
                            sites,
                            clock),
                    memory);
        }
        return new Evaluation(
                status(
                        in,
                        LicenseState.GRACE,
                        seen + "; grace period of " + period + " since " + since,
                        left,
                        quorum,
                        terms,
                        sites,
                        clock),
                memory);
    }

    private static ClockCheck clockCheck(Input in, Duration tolerance) {
        Instant now = in.now();
        Instant high = in.memory().highWater();
        if (high != null && now.isBefore(high.minus(tolerance))) {
            return new ClockCheck(
                    high,
                    true,
                    "this site's clock shows " + now + ", " + Duration.between(now, high)
                            + " before the latest time it has shown (" + high + ")");
        }
        for (SiteReport r : in.reports().values()) {
            if (!r.site().equals(in.site()) && r.at().isAfter(now.plus(tolerance))) {
                return new ClockCheck(
                        high,
                        true,
                        "site " + r.site() + " reported at " + r.at() + ", " + Duration.between(now, r.at())
                                + " after this site's clock (" + now + ")");
            }
        }
        Instant shown = high == null || now.isAfter(high) ? now : high;
        return new ClockCheck(shown, false, null);
    }

    private static SiteStatus siteStatus(License l, License.Site s, @Nullable SiteReport report, Instant now) {
        Optional<License.Dongle> assigned =
                l.dongles().stream().filter(d -> d.site().equals(s.id())).findFirst();
        List<DongleStatus> others = new ArrayList<>();
        DongleStatus mine = null;
        String problem = null;
        if (report == null) {
            problem = "site " + s.id() + " has not reported";
        } else if (report.problem() != null) {
            problem = report.problem();
        }
        if (report != null) {
            for (DongleReading r : report.dongles()) {
                boolean isMine = assigned.isPresent() && assigned.get().serial().equals(r.serial());
                DongleStatus d = dongleStatus(l, r, s.id(), now);
                if (isMine && (mine == null || d.attested())) {
                    mine = d;
                } else if (!isMine) {
                    others.add(d);
                }
            }
        }
        if (assigned.isEmpty()) {
            problem = problem != null ? problem : "the license assigns no dongle to site " + s.id();
        } else if (mine == null) {
            mine = new DongleStatus(
                    assigned.get().serial(),
                    false,
                    false,
                    null,
                    null,
                    null,
                    report == null ? "no report from site " + s.id() : "not plugged in at site " + s.id());
            if (problem == null) {
                problem = mine.problem();
            }
        } else if (!mine.attested() && problem == null) {
            problem = mine.problem();
        }
        return new SiteStatus(
                s.id(),
                s.role(),
                report == null ? null : report.at(),
                report == null ? null : report.transport(),
                mine,
                problem,
                others);
    }

    private static DongleStatus dongleStatus(License l, DongleReading r, String site, Instant now) {
        Attestation a = r.attestation();
        if (a == null) {
            return new DongleStatus(
                    r.serial(),
                    true,
                    false,
                    null,
                    r.firmware(),
                    r.address(),
                    r.problem() != null ? r.problem() : "it did not answer its challenge");
        }
        Optional<String> bad = a.site().equals(site)
                ? a.problem(l)
                : Optional.of("the evidence names site " + a.site() + ", not " + site);
        if (bad.isPresent()) {
            return new DongleStatus(r.serial(), true, false, null, r.firmware(), r.address(), bad.get());
        }
        Duration age = Duration.between(a.at(), now);
        if (age.compareTo(l.policy().attestationMaxAge()) > 0) {
            return new DongleStatus(
                    r.serial(),
                    true,
                    false,
                    a.at(),
                    r.firmware(),
                    r.address(),
                    "its last attestation is " + age.withNanos(0) + " old; at most "
                            + l.policy().attestationMaxAge() + " counts");
        }
        return new DongleStatus(r.serial(), true, true, a.at(), r.firmware(), r.address(), null);
    }

    private static Terms terms(SignedLicense s, Instant now) {
        License l = s.license();
        Duration left = Duration.between(now, l.notAfter());
        return new Terms(
                l.licenseId(),
                l.customer(),
                l.clusterId(),
                s.keyId(),
                l.demo(),
                l.modules(),
                l.limits(),
                l.notBefore(),
                l.notAfter(),
                l.issued(),
                left.isNegative() ? Duration.ZERO : left.withNanos(0),
                l.policy().attestationMaxAge(),
                l.policy().minorityGrace(),
                l.policy().noDongleGrace());
    }

    private static Evaluation unlicensed(Input in, String why, @Nullable Instant high) {
        Instant newHigh = high == null || in.now().isAfter(high) ? in.now() : high;
        SiteReport own = in.reports().get(in.site());
        List<SiteStatus> sites = List.of(new SiteStatus(
                in.site(),
                in.siteRole(),
                own == null ? null : own.at(),
                own == null ? null : own.transport(),
                null,
                own == null ? null : own.problem(),
                own == null
                        ? List.of()
                        : own.dongles().stream()
                                .map(r -> new DongleStatus(
                                        r.serial(),
                                        true,
                                        false,
                                        null,
                                        r.firmware(),
                                        r.address(),
                                        "no license to check it against"))
                                .toList()));
        LicenseStatus st = new LicenseStatus(
                LicenseState.UNLICENSED,
                why,
                Duration.ZERO,
                true,
                in.now(),
                in.site(),
                new Quorum(0, 0, List.of()),
                null,
                sites,
                new ClockCheck(newHigh, false, null));
        return new Evaluation(st, new EvaluationMemory(in.memory().graceSince(), newHigh));
    }

    private static LicenseStatus status(
            Input in,
            LicenseState state,
            String reason,
            Duration grace,
            Quorum quorum,
            Terms terms,
            List<SiteStatus> sites,
            ClockCheck clock) {
        return new LicenseStatus(
                state,
                reason,
                grace.withNanos(0),
                state.locksConfiguration(),
                in.now(),
                in.site(),
                quorum,
                terms,
                sites,
                clock);
    }
}
