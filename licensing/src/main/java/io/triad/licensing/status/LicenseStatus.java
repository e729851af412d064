package io.triad.licensing.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /api/v1/license}: the state, why, the grace left, the license's terms and every site's
 * dongle with its last attestation.
 *
 * @param state the state
 * @param reason one sentence an operator can act on
 * @param graceRemaining in grace, the time left before restricted mode; licensed, the whole grace period a loss of the
 *     quorum would start; restricted and unlicensed, zero
 * @param configurationLocked whether configuration changes are refused
 * @param evaluatedAt when this status was computed (this site's clock)
 * @param site the site that computed it
 * @param quorum the sites with attested dongles needed and seen
 * @param license the license's terms (null: none usable)
 * @param sites every site of the license (or only this one when there is none)
 * @param clock the clock check
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LicenseStatus(
        LicenseState state,
        String reason,
        Duration graceRemaining,
        boolean configurationLocked,
        Instant evaluatedAt,
        String site,
        Quorum quorum,
        @Nullable Terms license,
        List<SiteStatus> sites,
        ClockCheck clock) {

    public LicenseStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(graceRemaining, "graceRemaining");
        sites = List.copyOf(sites);
    }

    /**
     * @param required the policy's quorum
     * @param attested the sites whose dongle attestation counts now
     * @param attestedSites their ids
     */
    public record Quorum(int required, int attested, List<String> attestedSites) {
        public Quorum {
            attestedSites = List.copyOf(attestedSites);
        }
    }

    /** The license's terms as the API shows them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Terms(
            String licenseId,
            String customer,
            String clusterId,
            String vendorKeyId,
            boolean demo,
            List<String> modules,
            Map<String, Integer> limits,
            Instant notBefore,
            Instant notAfter,
            Instant issued,
            Duration expiresIn,
            Duration attestationMaxAge,
            Duration minorityGrace,
            Duration noDongleGrace) {
        public Terms {
            modules = List.copyOf(modules);
            limits = Map.copyOf(limits);
        }
    }

    /**
     * One site.
     *
     * @param id the site id
     * @param role {@code data} or {@code witness}
     * @param reportedAt when the site last reported (null: never)
     * @param transport the site's dongle transport (null: never reported)
     * @param dongle the site's dongle as the license lists it, with what the site last found
     * @param problem why the site's dongle does not count, if it does not
     * @param otherDongles dongles plugged in there that the license does not assign to it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SiteStatus(
            String id,
            String role,
            @Nullable Instant reportedAt,
            @Nullable String transport,
            @Nullable DongleStatus dongle,
            @Nullable String problem,
            List<DongleStatus> otherDongles) {
        public SiteStatus {
            otherDongles = List.copyOf(otherDongles);
        }
    }

    /**
     * A dongle.
     *
     * @param serial its serial
     * @param present whether the site found it plugged in at its last report
     * @param attested whether its last answer verified and is fresh enough to count
     * @param lastAttestation when it last answered correctly (null: not in the last report)
     * @param firmware as it reported (null: not present)
     * @param address where it is plugged in (null: not present)
     * @param problem why it does not count
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DongleStatus(
            String serial,
            boolean present,
            boolean attested,
            @Nullable Instant lastAttestation,
            @Nullable String firmware,
            @Nullable String address,
            @Nullable String problem) {}

    /**
     * @param highWater the latest time this site's clock has shown
     * @param rollbackDetected whether the clock is behind it, or behind a peer's, by more than the tolerance
     * @param detail what was compared
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClockCheck(
            @Nullable Instant highWater,
            boolean rollbackDetected,
            @Nullable String detail) {}
}
