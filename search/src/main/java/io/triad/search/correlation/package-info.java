/**
 * Correlation across components, layers and sites: the events that share a correlation key with one event
 * ({@link io.triad.search.correlation.CorrelationService#correlated}), one key value as a transaction, and
 * transactions grouped by a key like Splunk's {@code transaction} command.
 *
 * <p>API (used by other modules): {@link io.triad.search.correlation.CorrelationService} and the records it takes and
 * answers ({@link io.triad.search.correlation.Correlated}, {@link io.triad.search.correlation.Link}, {@link
 * io.triad.search.correlation.Transaction}, {@link io.triad.search.correlation.Transactions}, {@link
 * io.triad.search.correlation.TransactionSummary}, {@link io.triad.search.correlation.TransactionsRequest}).
 */
@NullMarked
package io.triad.search.correlation;

import org.jspecify.annotations.NullMarked;
