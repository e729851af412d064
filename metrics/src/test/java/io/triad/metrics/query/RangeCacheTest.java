package io.triad.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeCacheTest {
    private static final String[] QUERIES = {
        "sum by (host) (rate(req_total[1m]))",
        "req_total / on (host) group_left cpus",
        "max(req_total) - min(req_total)",
        "req_total > 50",
    };

    private final MemorySeriesSource source = new MemorySeriesSource();
    private final QueryEngine cached = new QueryEngine(source, QueryLimits.defaults(), 1 << 20);
    private final QueryEngine plain = new QueryEngine(source, QueryLimits.defaults());

    RangeCacheTest() {
        Random random = new Random(3);
        for (String host : new String[] {"a", "b", "c"}) {
            double[] v = new double[400];
            for (int i = 1; i < v.length; i++) {
                // counters with resets, and gaps (NaN would be a sample; gaps come from series ending)
                v[i] = random.nextInt(20) == 0 ? 0 : v[i - 1] + random.nextInt(10);
            }
            source.every(Labels.of("__name__", "req_total", "host", host), 15, v);
            source.add(Labels.of("__name__", "cpus", "host", host), new long[] {0}, 4);
        }
    }

    /** A dashboard sliding forward, refreshing within and across steps: cached answers equal full evaluations. */
    @Test
    void slidingRefreshesAnswerAsAFullEvaluationDoes() throws IOException {
        source.settle(1, 4000);
        for (String q : QUERIES) {
            for (long end = 1500; end <= 6000; end += 45) {
                long start = (end - 1200) / 60 * 60; // aligned, as the UI aligns
                long alignedEnd = end / 60 * 60;
                assertThat(series(cached, q, start, alignedEnd))
                        .as("%s over %d..%d", q, start, alignedEnd)
                        .isEqualTo(series(plain, q, start, alignedEnd));
            }
        }
        for (String q : QUERIES) {
            // ranges that end between two steps, and starts that are not multiples of the step
            for (long end = 1507; end <= 6000; end += 37) {
                long start = end - 1213;
                assertThat(series(cached, q, start, end))
                        .as("%s over %d..%d", q, start, end)
                        .isEqualTo(series(plain, q, start, end));
                assertThat(series(cached, q, start, end)).isEqualTo(series(plain, q, start, end));
            }
        }
        assertThat(cached.cacheStats().hits()).isGreaterThan(cached.cacheStats().misses());
        assertThat(cached.cacheStats().bytes()).isPositive();
    }

    @Test
    void aSettledAnswerIsServedWithoutReadingAndANewVersionRetiresIt() throws IOException {
        source.settle(1, 10_000);
        String q = QUERIES[0];
        List<String> first = series(cached, q, 600, 3000);
        int selects = source.selects();
        assertThat(series(cached, q, 600, 3000)).isEqualTo(first);
        assertThat(source.selects())
                .as("a settled range is answered from the cache")
                .isEqualTo(selects);
        assertThat(series(cached, q, 600, 3000, false)).isEqualTo(first);
        assertThat(source.selects()).as("no-store evaluates again").isGreaterThan(selects);

        // a late sample changes the past: the store's version moves, the cached answer goes
        source.add(Labels.of("__name__", "req_total", "host", "z"), new long[] {1000, 1015, 1030}, 1, 50, 90);
        assertThat(series(cached, q, 600, 3000)).isEqualTo(first);
        source.settle(2, 10_000);
        List<String> after = series(cached, q, 600, 3000);
        assertThat(after).isNotEqualTo(first).anyMatch(s -> s.startsWith("{host=\"z\"}"));
        assertThat(after).isEqualTo(series(plain, q, 600, 3000));
    }

    @Test
    void answersReachingPastTheSettledPastAreEvaluatedThere() throws IOException {
        source.settle(1, 2000);
        String q = QUERIES[2];
        series(cached, q, 600, 3000);
        int selects = source.selects();
        assertThat(series(cached, q, 600, 3000)).isEqualTo(series(plain, q, 600, 3000));
        assertThat(source.selects())
                .as("the steps after the settled past are evaluated again")
                .isGreaterThan(selects);
    }

    private static List<String> series(QueryEngine engine, String q, long start, long end) throws IOException {
        return series(engine, q, start, end, true);
    }

    private static List<String> series(QueryEngine engine, String q, long start, long end, boolean useCache)
            throws IOException {
        return engine.rangeQuery(q, start * 1000, end * 1000, 60_000, useCache).series().stream()
                .map(RangeCacheTest::text)
                .toList();
    }

    private static String text(SeriesData s) {
        StringBuilder b = new StringBuilder(s.labels().toString());
        for (int i = 0; i < s.size(); i++) {
            b.append(' ').append(s.timestamps()[i]).append('=').append(s.values()[i]);
        }
        return b.toString();
    }
}
