/**
 * Licensing: the site dongle, signed license documents and the cluster-wide license state. This package is the
 * module's façade: {@link io.triad.licensing.LicenseService} runs a site's licensing (attests the local dongles,
 * shares the report, evaluates the cluster's state with the package-private {@code LicenseEvaluator}, installs
 * licenses), {@link io.triad.licensing.LicenseHistory} is its audit trail and {@link io.triad.licensing.LicenseJson}
 * writes licensing's records for the API and the CLI.
 *
 * <p>The module's API, what the appliance and the web API use, is a few types in each package: here
 * {@code LicenseService}, {@code LicenseHistory} and {@code LicenseJson}; in {@code attest} the store seam and the
 * report records; in {@code dongle} the transport seam with its factories, the protocol's constants and the emulated
 * dongle's file; in {@code license} the license, its document and the vendor keys; in {@code status} the status
 * records. Everything else is package-private, apart from the few types one licensing package needs from another,
 * which their package documentation names as not part of the API.
 */
@NullMarked
package io.triad.licensing;

import org.jspecify.annotations.NullMarked;
