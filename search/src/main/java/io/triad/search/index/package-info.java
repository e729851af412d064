/** The Lucene index of log events: schema, the log analyzer, daily partitions, the indexer that tails the journal, and retention. */
@NullMarked
package io.triad.search.index;

import org.jspecify.annotations.NullMarked;
