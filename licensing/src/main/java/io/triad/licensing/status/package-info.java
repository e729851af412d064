/**
 * The cluster's license state as one site sees it: the records of {@code GET /api/v1/license}, which {@code
 * LicenseService} computes.
 *
 * <p>The module's API here: both types, {@link io.triad.licensing.status.LicenseStatus} (with its nested records) and
 * {@link io.triad.licensing.status.LicenseState}.
 */
@NullMarked
package io.triad.licensing.status;

import org.jspecify.annotations.NullMarked;
