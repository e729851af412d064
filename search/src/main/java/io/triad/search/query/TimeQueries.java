package io.triad.search.query;

import io.triad.search.index.LogSchema;
import java.io.IOException;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.jspecify.annotations.Nullable;

/**
 * The time axis of the index: a query restricted to a time range, the total time order and the range of timestamps
 * the index holds.
 *
 * <p>NOTE: stateless; thread safe.
 */
final class TimeQueries {

    private TimeQueries() {}

    /** The query restricted to events with timestamps in {@code [from, to]} (microseconds). */
    static Query filtered(Query query, long from, long to) {
        if (from == Long.MIN_VALUE && to == Long.MAX_VALUE) {
            return query;
        }
        Query range = new IndexOrDocValuesQuery(
                LongPoint.newRangeQuery(LogSchema.TIMESTAMP, from, to),
                NumericDocValuesField.newSlowRangeQuery(LogSchema.TIMESTAMP, from, to));
        return new BooleanQuery.Builder()
                .add(query, BooleanClause.Occur.MUST)
                .add(range, BooleanClause.Occur.FILTER)
                .build();
    }

    /** Time order (ties broken by site and sequence), newest first when {@code desc}. */
    static Sort sort(boolean desc) {
        return new Sort(
                new SortField(LogSchema.TIMESTAMP, SortField.Type.LONG, desc),
                new SortField(LogSchema.SITE, SortField.Type.STRING, desc),
                new SortField(LogSchema.SEQ, SortField.Type.LONG, desc));
    }

    /** The oldest and newest timestamp in the searcher's index as {min, max}, or null when it holds no event. */
    static long @Nullable [] bounds(IndexSearcher searcher) throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            PointValues points = leaf.reader().getPointValues(LogSchema.TIMESTAMP);
            if (points == null || points.size() == 0) {
                continue;
            }
            min = Math.min(min, LongPoint.decodeDimension(points.getMinPackedValue(), 0));
            max = Math.max(max, LongPoint.decodeDimension(points.getMaxPackedValue(), 0));
        }
        return min > max ? null : new long[] {min, max};
    }
}
