/**
 * Correlation keys taken from events at ingest: configured field names and regular expressions over the message
 * ({@link io.triad.collector.correlation.CorrelationRules}) applied by a
 * {@link io.triad.collector.correlation.CorrelationExtractor}, in front of the journal by a
 * {@link io.triad.collector.correlation.CorrelatingSink}.
 *
 * <p>API of the module: {@link io.triad.collector.correlation.CorrelationRules}, {@link
 * io.triad.collector.correlation.CorrelationExtractor} and {@link io.triad.collector.correlation.CorrelatingSink}.
 */
@NullMarked
package io.triad.collector.correlation;

import org.jspecify.annotations.NullMarked;
