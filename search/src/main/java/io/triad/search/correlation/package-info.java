/**
 * Correlation across components, layers and sites: the events that share a correlation key with one event
 * ({@link io.triad.search.correlation.CorrelationService#correlated}), one key value as a transaction, and
 * transactions grouped by a key like Splunk's {@code transaction} command.
 */
@NullMarked
package io.triad.search.correlation;

import org.jspecify.annotations.NullMarked;
