/**
 * The Lucene index of log events: schema, the log analyzer, daily partitions, the indexer that tails the journal, and
 * retention.
 *
 * <p>API (used by other modules): {@link io.triad.search.index.LogIndex}, {@link io.triad.search.index.IndexConfig}
 * and {@link io.triad.search.index.Indexer}. {@link io.triad.search.index.LogSchema}, {@link
 * io.triad.search.index.LogAnalyzer} and {@link io.triad.search.index.IndexedEvents} are public for this module's
 * query, correlation and tail packages only. Everything else is package-private: partitions, the index workers, the
 * checkpoint file, the searchable view, the stored-event codec and the tokenizer.
 */
@NullMarked
package io.triad.search.index;

import org.jspecify.annotations.NullMarked;
