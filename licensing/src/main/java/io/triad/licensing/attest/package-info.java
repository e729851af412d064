/**
 * Attestation: a site proves that its dongle is plugged in by having it sign a fresh nonce ({@link
 * io.triad.licensing.attest.Attestor}); the evidence ({@link io.triad.licensing.attest.Attestation}, inside a {@link
 * io.triad.licensing.attest.SiteReport}) is shared with the other sites through an {@link
 * io.triad.licensing.attest.AttestationStore}, and every site checks every signature itself.
 */
@NullMarked
package io.triad.licensing.attest;

import org.jspecify.annotations.NullMarked;
