/**
 * Searching the index: query parsing with cost limits, time ranges, paging by cursor, histograms, top values and
 * surrounding events.
 *
 * <p>API (used by other modules): {@link io.triad.search.query.SearchService} and the records and exceptions it takes
 * and answers ({@link io.triad.search.query.SearchRequest}, {@link io.triad.search.query.SearchResult}, {@link
 * io.triad.search.query.Histogram}, {@link io.triad.search.query.FieldStats}, {@link io.triad.search.query.Scope},
 * {@link io.triad.search.query.QueryLimits}, {@link io.triad.search.query.QueryException}, {@link
 * io.triad.search.query.QueryCostException}), and {@link io.triad.search.query.TimeExpressions} for the time
 * parameters. Everything else is package-private: the façade's parts (the page searcher, the histogram counter, the
 * field statistics, the surrounding events, the query cost check), the parser, the highlighter and the cursor.
 */
@NullMarked
package io.triad.search.query;

import org.jspecify.annotations.NullMarked;
