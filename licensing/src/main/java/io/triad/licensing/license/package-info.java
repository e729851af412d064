/**
 * License documents: the {@link io.triad.licensing.license.License} a vendor issues, its canonical JSON and Ed25519
 * signature ({@link io.triad.licensing.license.LicenseDocument}), and the vendor keys it is checked against ({@link
 * io.triad.licensing.license.VendorKeys}).
 */
@NullMarked
package io.triad.licensing.license;

import org.jspecify.annotations.NullMarked;
