/**
 * Attestation: a site proves that its dongle is plugged in by having it sign a fresh nonce; the evidence, inside the
 * site's report, is shared with the other sites through a store, and every site checks every signature itself.
 *
 * <p>The module's API here: {@link io.triad.licensing.attest.AttestationStore} (the seam: the replicated cluster
 * state in the appliance, a directory through {@link io.triad.licensing.attest.AttestationStore#directory}) and the
 * records it carries, {@link io.triad.licensing.attest.SiteReport}, {@link io.triad.licensing.attest.DongleReading}
 * and {@link io.triad.licensing.attest.Attestation}. {@link io.triad.licensing.attest.Attestor}, which challenges the
 * local dongles, is public for {@code LicenseService} and the bench only; the appliance hands the service a
 * transport instead.
 */
@NullMarked
package io.triad.licensing.attest;

import org.jspecify.annotations.NullMarked;
