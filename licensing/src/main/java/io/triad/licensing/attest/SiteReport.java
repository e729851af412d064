package io.triad.licensing.attest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one site found at its last attestation: every dongle plugged in there, the evidence of those that answered,
 * and the site's clock at that moment (the peers cross-check clocks with it).
 *
 * @param site the site
 * @param at when (that site's clock)
 * @param transport {@code usb} or {@code emulated}
 * @param dongles what was plugged in (empty: none)
 * @param problem why the dongles could not be listed at all (libusb missing, no permission), if so
 */
public record SiteReport(
        String site,
        Instant at,
        String transport,
        List<DongleReading> dongles,
        @Nullable String problem) {
    public SiteReport {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(transport, "transport");
        dongles = List.copyOf(dongles);
    }
}
