package io.triad.licensing.attest;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One dongle as a site found it at its last attestation.
 *
 * @param serial the serial it reported (or empty when it could not be read)
 * @param address where it is plugged in
 * @param firmware its firmware version (empty when unread)
 * @param attestation the evidence, when the dongle answered a challenge correctly
 * @param problem why it does not count, when it does not (wrong dongle, counterfeit, unreadable, ...)
 */
public record DongleReading(
        String serial,
        String address,
        String firmware,
        @Nullable Attestation attestation,
        @Nullable String problem) {
    public DongleReading {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(firmware, "firmware");
    }
}
