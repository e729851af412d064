/**
 * Self-instrumentation and telemetry: the Micrometer registry the appliance exposes in Prometheus text format.
 *
 * <p>The module's API here: {@link io.triad.metrics.SelfMetrics} (the registry), {@link io.triad.metrics.StoreMeters}
 * (the series store's counters as meters) and {@link io.triad.metrics.H2Meters} (the meters of an H2 database).
 */
@NullMarked
package io.triad.metrics;

import org.jspecify.annotations.NullMarked;
