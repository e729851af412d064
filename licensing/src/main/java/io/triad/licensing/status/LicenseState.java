package io.triad.licensing.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The license state of the cluster as one site sees it. Only {@link #LICENSED} and {@link #GRACE} leave configuration
 * unlocked; no state ever stops inputs, indexing, search or alarm flow.
 */
public enum LicenseState {
    /** Attested dongles at a quorum of sites, the license valid. */
    LICENSED,
    /** Below the quorum, within the policy's grace period. */
    GRACE,
    /** Below the quorum past the grace period, expired or not yet valid, or the clock was set back. */
    RESTRICTED,
    /** No usable license document: none installed, a broken signature, another cluster's. */
    UNLICENSED;

    /** Lower-case, as the API writes it. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether configuration changes are locked. */
    public boolean locksConfiguration() {
        return this == RESTRICTED || this == UNLICENSED;
    }
}
