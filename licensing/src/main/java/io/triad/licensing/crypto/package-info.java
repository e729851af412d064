/** Ed25519 keys and signatures from the JDK's own provider, in the raw encodings the dongle and licenses carry. */
@NullMarked
package io.triad.licensing.crypto;

import org.jspecify.annotations.NullMarked;
