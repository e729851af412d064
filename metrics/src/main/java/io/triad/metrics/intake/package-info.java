/**
 * Telemetry intake: a parser ({@code PrometheusText}) of the Prometheus text exposition format
 * (and the OpenMetrics text it shares), {@link io.triad.metrics.intake.Scraper} polls configured endpoints and the
 * appliance's own registry into a {@link io.triad.metrics.model.SampleSink}, each series labelled with site, host and
 * component. Pushed telemetry arrives through {@link io.triad.metrics.intake.OtlpMetrics} (OTLP/HTTP metrics) and
 * {@link io.triad.metrics.intake.RemoteWrite} (Prometheus remote_write 1.0), both within {@link
 * io.triad.metrics.intake.IntakeLimits}; whichever HTTP server carries them sends their {@link
 * io.triad.metrics.intake.HttpAnswer}.
 *
 * <p>The module's API here: {@link io.triad.metrics.intake.Scraper} with {@link io.triad.metrics.intake.ScrapeTarget}
 * and {@link io.triad.metrics.intake.HttpFetch}, {@link io.triad.metrics.intake.OtlpMetrics}, {@link
 * io.triad.metrics.intake.RemoteWrite}, {@link io.triad.metrics.intake.IntakeLimits} and {@link
 * io.triad.metrics.intake.HttpAnswer}. The parsers and decoders, the pushed series' identity and the intake's meters
 * are package-private.
 */
@NullMarked
package io.triad.metrics.intake;

import org.jspecify.annotations.NullMarked;
