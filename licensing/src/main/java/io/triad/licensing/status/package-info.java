/**
 * The cluster's license state: {@link io.triad.licensing.status.LicenseEvaluator} turns the license, the sites'
 * reports, the clock and what it remembers (grace start, clock high-water mark) into a {@link
 * io.triad.licensing.status.LicenseStatus}.
 */
@NullMarked
package io.triad.licensing.status;

import org.jspecify.annotations.NullMarked;
