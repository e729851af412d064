package io.triad.search.query;

import io.triad.search.index.LogIndex;
import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * Counts matching events per time bucket: the {@link Histogram} over a time range, with a round bucket width picked
 * when none is given and at most {@value #MAX_HISTOGRAM_BUCKETS} buckets.
 *
 * <p>NOTE: thread safe; each histogram acquires its own searcher from the index and releases it.
 */
final class HistogramCounter {

    private static final int MAX_HISTOGRAM_BUCKETS = 10_000;
    private static final long[] ROUND_INTERVALS_MICROS = {
        1_000L,
        2_000L,
        5_000L,
        10_000L,
        20_000L,
        50_000L,
        100_000L,
        200_000L,
        500_000L,
        1_000_000L,
        2_000_000L,
        5_000_000L,
        10_000_000L,
        15_000_000L,
        30_000_000L,
        60_000_000L,
        120_000_000L,
        300_000_000L,
        600_000_000L,
        900_000_000L,
        1_800_000_000L,
        3_600_000_000L,
        7_200_000_000L,
        10_800_000_000L,
        21_600_000_000L,
        43_200_000_000L,
        86_400_000_000L,
        172_800_000_000L,
        604_800_000_000L,
        2_592_000_000_000L,
        31_536_000_000_000L
    };

    private final LogIndex index;
    private final QueryCostCheck parser;

    HistogramCounter(LogIndex index, QueryCostCheck parser) {
        this.index = Objects.requireNonNull(index, "index");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Counts matching events per time bucket over {@code [from, to]}.
     *
     * @param intervalMicros bucket width, or 0 to pick a round width giving at most 100 buckets (about 60 or more
     *     where a round width allows)
     */
    Histogram histogram(String q, long from, long to, long intervalMicros) throws IOException {
        if (intervalMicros < 0) {
            throw new IllegalArgumentException("intervalMicros must be >= 0; got: " + intervalMicros);
        }
        IndexSearcher searcher = index.acquire();
        try {
            Query parsed = parser.parse(q, searcher);
            long lo = from;
            long hi = to;
            if (lo == Long.MIN_VALUE || hi == Long.MAX_VALUE) {
                long[] bounds = TimeQueries.bounds(searcher);
                if (bounds == null) {
                    return new Histogram(Math.max(intervalMicros, 1_000_000L), List.of(), 0);
                }
                lo = lo == Long.MIN_VALUE ? bounds[0] : lo;
                hi = hi == Long.MAX_VALUE ? bounds[1] : hi;
            }
            if (lo > hi) {
                throw new IllegalArgumentException("from (" + lo + ") must be <= to (" + hi + ")");
            }
            long interval = intervalMicros > 0 ? intervalMicros : autoInterval(hi - lo);
            long first = Math.floorDiv(lo, interval) * interval;
            long buckets = (hi - first) / interval + 1;
            if (buckets > MAX_HISTOGRAM_BUCKETS) {
                throw new QueryCostException("histogram would have " + buckets + " buckets; at most "
                        + MAX_HISTOGRAM_BUCKETS + " are allowed (raise the interval)");
            }
            long[] counts = searcher.search(
                    TimeQueries.filtered(parsed, lo, hi),
                    new HistogramCollectorManager(first, interval, (int) buckets));
            List<Histogram.Bucket> list = new ArrayList<>((int) buckets);
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                list.add(new Histogram.Bucket(first + i * interval, counts[i]));
                total += counts[i];
            }
            return new Histogram(interval, list, total);
        } finally {
            index.release(searcher);
        }
    }

    /** The smallest round width giving at most 100 buckets over {@code span}; whole years beyond a century. */
    static long autoInterval(long span) {
        for (long candidate : ROUND_INTERVALS_MICROS) {
            if (span / candidate + 1 <= 100) {
                return candidate;
            }
        }
        long year = ROUND_INTERVALS_MICROS[ROUND_INTERVALS_MICROS.length - 1];
        return (span / (year * 100) + 1) * year;
    }

    /** Counts matching documents per timestamp bucket from the timestamp doc values. */
    private static final class HistogramCollectorManager implements CollectorManager<Collector, long[]> {
        private final long first;
        private final long interval;
        private final int buckets;
        private final List<long[]> parts = Collections.synchronizedList(new ArrayList<>());

        HistogramCollectorManager(long first, long interval, int buckets) {
            this.first = first;
            this.interval = interval;
            this.buckets = buckets;
        }

        @Override
        public Collector newCollector() {
            long[] counts = new long[buckets];
            parts.add(counts);
            return new Collector() {
                @Override
                public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                    NumericDocValues dv = DocValues.getNumeric(context.reader(), LogSchema.TIMESTAMP);
                    return new LeafCollector() {
                        @Override
                        public void setScorer(Scorable scorer) {}

                        @Override
                        public void collect(int doc) throws IOException {
                            if (dv.advanceExact(doc)) {
                                long i = Math.floorDiv(dv.longValue() - first, interval);
                                if (i >= 0 && i < buckets) {
                                    counts[(int) i]++;
                                }
                            }
                        }
                    };
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            };
        }

        @Override
        public long[] reduce(Collection<Collector> collectors) {
            long[] total = new long[buckets];
            synchronized (parts) {
                for (long[] p : parts) {
                    for (int i = 0; i < buckets; i++) {
                        total[i] += p[i];
                    }
                }
            }
            return total;
        }
    }
}
