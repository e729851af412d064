package io.triad.metrics.alerts;

import io.triad.metrics.alerts.AlertRule.Comparison;
import io.triad.metrics.alerts.AlertRule.Threshold;
import java.time.Duration;
import java.util.List;

/**
 * The built-in license rules, over the meters the licensing module exports ({@code triad_license_*}): this site's
 * dongle missing or not attesting, the cluster in grace, restricted or unlicensed, and the license expiring within 30
 * days (critical within 7). Overridable by name like the shortage rules.
 */
public final class LicenseRules {
    public static final String DONGLE_MISSING = "LicenseDongleMissing";
    public static final String GRACE = "LicenseGracePeriod";
    public static final String RESTRICTED = "LicenseRestricted";
    public static final String EXPIRING = "LicenseExpiringSoon";

    private LicenseRules() {}

    public static List<AlertRule> all() {
        return List.of(
                AlertRule.of(
                        DONGLE_MISSING,
                        "triad_license_dongle_attested",
                        Comparison.BELOW,
                        Duration.ofMinutes(1),
                        "The license dongle of site {{ $labels.site }} is missing or does not attest",
                        "Site {{ $labels.site }} found no dongle of its own that answers its challenge correctly. The"
                                + " cluster stays licensed while dongles attest at a quorum of sites; see the license"
                                + " page for the reason.",
                        new Threshold(Severity.WARNING, 0.5, 0.5)),
                AlertRule.of(
                        GRACE,
                        "triad_license_grace_remaining_seconds / 3600",
                        Comparison.ABOVE,
                        Duration.ZERO,
                        "The license runs on its grace period: {{ $value }} h left (site {{ $labels.site }})",
                        "Fewer sites than the license's quorum have an attested dongle. When the grace period ends"
                                + " the appliance enters restricted mode: configuration changes are locked; data keeps"
                                + " flowing.",
                        new Threshold(Severity.WARNING, 0, 0)),
                AlertRule.of(
                        RESTRICTED,
                        "triad_license_configuration_locked",
                        Comparison.ABOVE,
                        Duration.ZERO,
                        "Restricted mode: the license does not hold (site {{ $labels.site }})",
                        "The license is missing, invalid, expired, past its grace period, or the clock was set back."
                                + " Configuration changes are locked; inputs, indexing, search and alarms keep"
                                + " working.",
                        new Threshold(Severity.CRITICAL, 0.5, 0.5)),
                AlertRule.of(
                        EXPIRING,
                        "triad_license_expiry_seconds / 86400",
                        Comparison.BELOW,
                        Duration.ZERO,
                        "The license expires in {{ $value }} days",
                        "The license's validity ends in {{ $value }} days; ask the vendor for a renewal and install"
                                + " it with POST /api/v1/license.",
                        new Threshold(Severity.WARNING, 30, 31),
                        new Threshold(Severity.CRITICAL, 7, 8)));
    }
}
