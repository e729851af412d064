/** Self-instrumentation and telemetry: the Micrometer registry the appliance exposes in Prometheus text format. */
@NullMarked
package io.triad.metrics;

import org.jspecify.annotations.NullMarked;
