/**
 * License documents: the {@link io.triad.licensing.license.License} a vendor issues, its canonical JSON and Ed25519
 * signature ({@link io.triad.licensing.license.LicenseDocument}), and the vendor keys it is checked against ({@link
 * io.triad.licensing.license.VendorKeys}).
 *
 * <p>The module's API here, and the vendor tool's entry points ({@code triad license}): {@code VendorKeys} (make,
 * read and trust vendor keys), {@code LicenseDocument} (sign, verify, inspect), {@code License}, {@link
 * io.triad.licensing.license.SignedLicense} and {@link io.triad.licensing.license.LicenseException}. The canonical
 * JSON is package-private.
 */
@NullMarked
package io.triad.licensing.license;

import org.jspecify.annotations.NullMarked;
