/**
 * Telemetry intake: {@link io.triad.metrics.intake.PrometheusText} parses the Prometheus text exposition format
 * (and the OpenMetrics text it shares), {@link io.triad.metrics.intake.Scraper} polls configured endpoints and the
 * appliance's own registry into a {@link io.triad.metrics.model.SampleSink}, each series labelled with site, host and
 * component. Pushed telemetry arrives through {@link io.triad.metrics.intake.OtlpMetrics} (OTLP/HTTP metrics) and
 * {@link io.triad.metrics.intake.RemoteWrite} (Prometheus remote_write 1.0), both within {@link
 * io.triad.metrics.intake.IntakeLimits}; whichever HTTP server carries them sends their {@link
 * io.triad.metrics.intake.HttpAnswer}.
 */
@NullMarked
package io.triad.metrics.intake;

import org.jspecify.annotations.NullMarked;
