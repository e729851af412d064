/**
 * Ed25519 keys and signatures from the JDK's own provider, in the raw encodings the dongle and licenses carry.
 *
 * <p>Not part of the module's API: {@link io.triad.licensing.crypto.Ed25519} is public because the {@code attest},
 * {@code dongle} and {@code license} packages all use it (and the bench times it); the appliance goes through {@code
 * VendorKeys}.
 */
@NullMarked
package io.triad.licensing.crypto;

import org.jspecify.annotations.NullMarked;
