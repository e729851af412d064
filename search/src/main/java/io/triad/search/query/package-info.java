/** Searching the index: query parsing with cost limits, time ranges, paging by cursor, histograms, top values and surrounding events. */
@NullMarked
package io.triad.search.query;

import org.jspecify.annotations.NullMarked;
