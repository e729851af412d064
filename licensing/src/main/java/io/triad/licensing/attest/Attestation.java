package io.triad.licensing.attest;

import io.triad.licensing.crypto.Ed25519;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.license.License;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Evidence that dongle {@code serial} was plugged in at site {@code site} at {@code at}: its signature of a nonce
 * derived from the site, the time and a random salt. Anyone holding the license can check it: the nonce is recomputed
 * ({@link #nonce}), so the evidence cannot be moved to another site or time, and the signature must verify with the
 * public key the license lists for that serial.
 *
 * @param site the site that challenged its dongle
 * @param serial the dongle's serial
 * @param at when (the challenging site's clock)
 * @param salt 16 random bytes, base64
 * @param signature the dongle's Ed25519 signature of {@link DongleProtocol#signedMessage}, base64
 */
public record Attestation(String site, String serial, Instant at, String salt, String signature) {
    private static final byte[] TAG = "TRIAD-ATTEST-1".getBytes(StandardCharsets.US_ASCII);

    public Attestation {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(signature, "signature");
    }

    /** The nonce a site sends its dongle: SHA-256 of a tag, the site, the time in milliseconds and the salt. */
    public static byte[] nonce(String site, Instant at, byte[] salt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(TAG);
            sha.update((byte) 0);
            sha.update(site.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(8).putLong(at.toEpochMilli()).array());
            sha.update(salt);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * Why this evidence does not hold for {@code license}, or empty when it does: the serial must be listed, assigned
     * to {@code site}, and the signature must verify with the listed key.
     */
    public Optional<String> problem(License license) {
        Optional<License.Dongle> d = license.dongle(serial);
        if (d.isEmpty()) {
            return Optional.of("dongle " + serial + " is not one of license " + license.licenseId() + "'s dongles");
        }
        if (!d.get().site().equals(site)) {
            return Optional.of(
                    "dongle " + serial + " belongs to site " + d.get().site() + ", not to " + site);
        }
        byte[] saltBytes;
        byte[] sig;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return Optional.of("the attestation of " + serial + " is not base64");
        }
        try {
            var key = Ed25519.publicKey(d.get().publicKeyBytes());
            byte[] message = DongleProtocol.signedMessage(serial, nonce(site, at, saltBytes));
            if (!Ed25519.verify(key, message, sig)) {
                return Optional.of("the answer of dongle " + serial
                        + " does not verify with the license's key for it: a counterfeit or replayed answer");
            }
        } catch (InvalidKeyException e) {
            return Optional.of("the license's key for " + serial + " is invalid: " + e.getMessage());
        }
        return Optional.empty();
    }
}
