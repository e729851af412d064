/**
 * Telemetry intake: {@link io.triad.metrics.intake.PrometheusText} parses the Prometheus text exposition format
 * (and the OpenMetrics text it shares), {@link io.triad.metrics.intake.Scraper} polls configured endpoints and the
 * appliance's own registry into a {@link io.triad.metrics.model.SampleSink}, each series labelled with site, host and
 * component.
 */
@NullMarked
package io.triad.metrics.intake;

import org.jspecify.annotations.NullMarked;
