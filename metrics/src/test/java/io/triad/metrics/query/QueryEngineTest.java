package io.triad.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.query.QueryResult.Sample;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryEngineTest {

    private final MemorySeriesSource source = new MemorySeriesSource();
    private final QueryEngine engine = new QueryEngine(source, QueryLimits.defaults());

    private static Labels l(String... namesAndValues) {
        return Labels.of(namesAndValues);
    }

    /** The instant vector at {@code seconds}, as label text to value. */
    private Map<String, Double> vector(String query, long seconds) throws IOException {
        QueryResult r = engine.instantQuery(query, seconds * 1000);
        assertThat(r).isInstanceOf(QueryResult.Vector.class);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Sample s : ((QueryResult.Vector) r).samples()) {
            out.put(s.labels().toString(), s.value());
        }
        return out;
    }

    private double single(String query, long seconds) throws IOException {
        Map<String, Double> v = vector(query, seconds);
        assertThat(v).hasSize(1);
        return v.values().iterator().next();
    }

    private double scalar(String query, long seconds) throws IOException {
        QueryResult r = engine.instantQuery(query, seconds * 1000);
        assertThat(r).isInstanceOf(QueryResult.Scalar.class);
        return ((QueryResult.Scalar) r).value();
    }

    // ---- selectors

    @Test
    void instantSelectorTakesTheNewestSampleWithinFiveMinutesLookback() throws IOException {
        source.add(l("__name__", "x", "job", "a"), new long[] {0, 60}, 1, 2);
        assertThat(vector("x", 59)).containsExactly(Map.entry("x{job=\"a\"}", 1.0));
        assertThat(vector("x", 60)).containsExactly(Map.entry("x{job=\"a\"}", 2.0));
        assertThat(vector("x", 360)).containsExactly(Map.entry("x{job=\"a\"}", 2.0));
        assertThat(vector("x", 361)).isEmpty();
        assertThat(vector("x", -1)).isEmpty();
    }

    @Test
    void lookbackIsConfigurable() throws IOException {
        source.add(l("__name__", "x"), new long[] {0}, 1);
        QueryEngine shortLookback = new QueryEngine(source, new QueryLimits(10, 1000, 100, 30_000));
        QueryResult.Vector at30 = (QueryResult.Vector) shortLookback.instantQuery("x", 30_000);
        QueryResult.Vector at31 = (QueryResult.Vector) shortLookback.instantQuery("x", 31_000);
        assertThat(at30.samples()).hasSize(1);
        assertThat(at31.samples()).isEmpty();
    }

    @Test
    void matchersSelectSeriesWithAndWithoutMetricName() throws IOException {
        source.add(l("__name__", "up", "job", "api", "site", "a"), new long[] {0}, 1)
                .add(l("__name__", "up", "job", "db", "site", "b"), new long[] {0}, 0)
                .add(l("__name__", "other", "job", "api"), new long[] {0}, 7);
        assertThat(vector("up{job=\"api\"}", 10)).containsOnlyKeys("up{job=\"api\",site=\"a\"}");
        assertThat(vector("up{job!=\"api\"}", 10)).containsOnlyKeys("up{job=\"db\",site=\"b\"}");
        assertThat(vector("up{site=~\"a|b\"}", 10)).hasSize(2);
        assertThat(vector("up{job!~\"a.*\"}", 10)).containsOnlyKeys("up{job=\"db\",site=\"b\"}");
        assertThat(vector("{job=\"api\"}", 10)).containsOnlyKeys("up{job=\"api\",site=\"a\"}", "other{job=\"api\"}");
        assertThat(vector("up{missing=\"\"}", 10)).hasSize(2);
    }

    @Test
    void offsetShiftsTheEvaluationTimeBack() throws IOException {
        source.every(l("__name__", "x"), 60, 1, 2, 3);
        assertThat(single("x offset 1m", 120)).isEqualTo(2);
        assertThat(single("x offset 2m", 120)).isEqualTo(1);
        assertThat(single("increase(x[1m] offset 1m)", 120)).isEqualTo(1);
    }

    @Test
    void rangeSelectorReturnsRawSamplesOfTheWindowInclusive() throws IOException {
        source.every(l("__name__", "x"), 15, 0, 1, 2, 3, 4, 5);
        QueryResult r = engine.instantQuery("x[30s]", 60_000);
        assertThat(r).isInstanceOf(QueryResult.Matrix.class);
        SeriesData s = ((QueryResult.Matrix) r).series().get(0);
        assertThat(s.timestamps()).containsExactly(30_000, 45_000, 60_000);
        assertThat(s.values()).containsExactly(2, 3, 4);
    }

    // ---- rate, increase, irate

    @Test
    void rateOfASteadyCounterAlignedWithTheWindowIsItsSlope() throws IOException {
        source.every(l("__name__", "c", "job", "a"), 15, 0, 15, 30, 45, 60);
        assertThat(vector("rate(c[1m])", 60)).containsExactly(Map.entry("{job=\"a\"}", 1.0));
        assertThat(single("increase(c[1m])", 60)).isEqualTo(60);
    }

    @Test
    void rateExtrapolatesByHalfAnIntervalWhenTheFirstSampleIsFarFromTheWindowStart() throws IOException {
        // Samples at 30, 40, 50 s; window [0, 60]: the start is 30 s away (> 1.1 * 10 s), so extrapolation adds 5 s;
        // the end is 10 s away (< 11 s), so it extends to the end: 20 * (20 + 5 + 10) / 20 = 35.
        source.add(l("__name__", "c"), new long[] {30, 40, 50}, 100, 110, 120);
        assertThat(single("increase(c[1m])", 60)).isEqualTo(35);
        assertThat(single("rate(c[1m])", 60)).isCloseTo(35.0 / 60, within(1e-12));
    }

    @Test
    void rateDoesNotExtrapolateBeforeTheCounterWasZero() throws IOException {
        // Samples at 20, 40, 60 s with values 1, 21, 41: the counter was zero 1 s before the first sample, so the
        // window is extended by 1 s at the start (not 20 s): 40 * 41 / 40 = 41.
        source.add(l("__name__", "c"), new long[] {20, 40, 60}, 1, 21, 41);
        assertThat(single("increase(c[1m])", 60)).isCloseTo(41, within(1e-12));
    }

    @Test
    void rateAddsTheValueBeforeACounterReset() throws IOException {
        // 10 -> 20, reset to 5, -> 15 -> 25: increases of 10 + 5 + 10 + 10 = 35.
        source.every(l("__name__", "c"), 15, 10, 20, 5, 15, 25);
        assertThat(single("increase(c[1m])", 60)).isCloseTo(35, within(1e-12));
        assertThat(single("rate(c[1m])", 60)).isCloseTo(35.0 / 60, within(1e-12));
    }

    @Test
    void rateNeedsTwoSamplesInTheWindow() throws IOException {
        source.every(l("__name__", "c"), 60, 1, 2);
        assertThat(vector("rate(c[30s])", 60)).isEmpty();
        assertThat(vector("irate(c[30s])", 60)).isEmpty();
    }

    @Test
    void irateUsesTheLastTwoSamplesAndTheLastValueAfterAReset() throws IOException {
        source.every(l("__name__", "c", "k", "steady"), 15, 10, 20, 5, 15, 25)
                .every(l("__name__", "c", "k", "reset"), 15, 10, 20, 30, 40, 5);
        Map<String, Double> v = vector("irate(c[1m])", 60);
        assertThat(v.get("{k=\"steady\"}")).isCloseTo(10.0 / 15, within(1e-12));
        assertThat(v.get("{k=\"reset\"}")).isCloseTo(5.0 / 15, within(1e-12));
    }

    // ---- predict_linear, histogram_quantile

    @Test
    void predictLinearFitsALeastSquaresLine() throws IOException {
        // One unit every 6 s: 140 at 240 s, then 3600 s later 140 + 600.
        source.every(l("__name__", "disk_used"), 60, 100, 110, 120, 130, 140);
        assertThat(single("predict_linear(disk_used[5m], 3600)", 240)).isCloseTo(740, within(1e-9));
        // Noisy points: x = -20, -10, 0 s; y = 1, 3, 2 -> slope 0.05, intercept at t 2.5.
        source.add(l("__name__", "noisy"), new long[] {100, 110, 120}, 1, 3, 2);
        assertThat(single("predict_linear(noisy[1m], 10)", 120)).isCloseTo(3, within(1e-12));
        source.every(l("__name__", "flat"), 60, 5, 5, 5);
        assertThat(single("predict_linear(flat[5m], 1000)", 120)).isEqualTo(5);
    }

    @Test
    void derivIsTheSlopeOfTheLeastSquaresLinePerSecond() throws IOException {
        // One unit every 6 s, then a fall of 2 per 10 s; a flat series has slope 0; one sample gives nothing.
        source.every(l("__name__", "disk_used", "job", "a"), 60, 100, 110, 120, 130, 140);
        assertThat(vector("deriv(disk_used[5m])", 240)).hasSize(1);
        assertThat(single("deriv(disk_used[5m])", 240)).isCloseTo(1.0 / 6, within(1e-12));
        source.add(l("__name__", "falling"), new long[] {100, 110, 120}, 10, 8, 6);
        assertThat(single("deriv(falling[1m])", 120)).isCloseTo(-0.2, within(1e-12));
        source.every(l("__name__", "flat"), 60, 5, 5, 5);
        assertThat(single("deriv(flat[5m])", 120)).isEqualTo(0);
        source.add(l("__name__", "lonely"), new long[] {100}, 1);
        assertThat(vector("deriv(lonely[1m])", 120)).isEmpty();
    }

    @Test
    void histogramQuantileInterpolatesInsideTheBucketOfTheRank() throws IOException {
        double[] counts = {10, 30, 40, 50};
        String[] bounds = {"0.1", "0.5", "1", "+Inf"};
        for (int i = 0; i < bounds.length; i++) {
            source.add(l("__name__", "h_bucket", "job", "a", "le", bounds[i]), new long[] {0}, counts[i]);
            source.add(l("__name__", "h_bucket", "job", "b", "le", bounds[i]), new long[] {0}, counts[i] * 2);
        }
        source.add(l("__name__", "h_bucket", "job", "noinf", "le", "1"), new long[] {0}, 5);
        Map<String, Double> median = vector("histogram_quantile(0.5, h_bucket)", 0);
        // rank 25 falls in (0.1, 0.5] holding 20 observations, 15 of them below the rank: 0.1 + 0.4 * 15/20.
        assertThat(median.get("{job=\"a\"}")).isCloseTo(0.4, within(1e-12));
        assertThat(median.get("{job=\"b\"}")).isCloseTo(0.4, within(1e-12));
        assertThat(median.get("{job=\"noinf\"}")).isNaN();
        assertThat(vector("histogram_quantile(0.1, h_bucket{job=\"a\"})", 0).get("{job=\"a\"}"))
                .isCloseTo(0.05, within(1e-12));
        // rank 47.5 is in the +Inf bucket: the highest finite bound.
        assertThat(single("histogram_quantile(0.95, h_bucket{job=\"a\"})", 0)).isEqualTo(1);
        assertThat(single("histogram_quantile(2, h_bucket{job=\"a\"})", 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(single("histogram_quantile(-1, h_bucket{job=\"a\"})", 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    // ---- other functions

    @Test
    void absClampAndConversionsDropTheMetricName() throws IOException {
        source.add(l("__name__", "g", "k", "a"), new long[] {0}, -3)
                .add(l("__name__", "g", "k", "b"), new long[] {0}, 2)
                .add(l("__name__", "g", "k", "c"), new long[] {0}, 7);
        assertThat(vector("abs(g)", 0))
                .containsOnly(Map.entry("{k=\"a\"}", 3.0), Map.entry("{k=\"b\"}", 2.0), Map.entry("{k=\"c\"}", 7.0));
        assertThat(vector("clamp_min(g, 0)", 0))
                .containsOnly(Map.entry("{k=\"a\"}", 0.0), Map.entry("{k=\"b\"}", 2.0), Map.entry("{k=\"c\"}", 7.0));
        assertThat(vector("clamp_max(g, 5)", 0))
                .containsOnly(Map.entry("{k=\"a\"}", -3.0), Map.entry("{k=\"b\"}", 2.0), Map.entry("{k=\"c\"}", 5.0));
        assertThat(vector("vector(2)", 0)).containsExactly(Map.entry("{}", 2.0));
        assertThat(scalar("scalar(g{k=\"c\"})", 0)).isEqualTo(7);
        assertThat(scalar("scalar(g)", 0)).isNaN();
        assertThat(scalar("time()", 1_700_000_000)).isEqualTo(1.7e9);
        QueryResult.Scalar t = (QueryResult.Scalar) engine.instantQuery("time()", 1_700_000_000_123L);
        assertThat(t.value()).isEqualTo(1_700_000_000.123);
    }

    // ---- aggregations

    private void requests() {
        source.add(l("__name__", "req", "job", "api", "instance", "a"), new long[] {0}, 1)
                .add(l("__name__", "req", "job", "api", "instance", "b"), new long[] {0}, 3)
                .add(l("__name__", "req", "job", "db", "instance", "a"), new long[] {0}, 10);
    }

    @Test
    void aggregationsGroupByAndWithout() throws IOException {
        requests();
        assertThat(vector("sum by (job) (req)", 0))
                .containsOnly(Map.entry("{job=\"api\"}", 4.0), Map.entry("{job=\"db\"}", 10.0));
        assertThat(vector("sum(req) without (instance)", 0))
                .containsOnly(Map.entry("{job=\"api\"}", 4.0), Map.entry("{job=\"db\"}", 10.0));
        assertThat(vector("sum(req)", 0)).containsExactly(Map.entry("{}", 14.0));
        assertThat(vector("avg by (job) (req)", 0))
                .containsOnly(Map.entry("{job=\"api\"}", 2.0), Map.entry("{job=\"db\"}", 10.0));
        assertThat(vector("min by (instance) (req)", 0))
                .containsOnly(Map.entry("{instance=\"a\"}", 1.0), Map.entry("{instance=\"b\"}", 3.0));
        assertThat(vector("max by (instance) (req)", 0))
                .containsOnly(Map.entry("{instance=\"a\"}", 10.0), Map.entry("{instance=\"b\"}", 3.0));
        assertThat(vector("count by (instance) (req)", 0))
                .containsOnly(Map.entry("{instance=\"a\"}", 2.0), Map.entry("{instance=\"b\"}", 1.0));
        assertThat(vector("count without () (req)", 0)).hasSize(3).containsValue(1.0);
        assertThat(vector("sum by (__name__) (req)", 0)).containsExactly(Map.entry("req{}", 14.0));
    }

    @Test
    void topkAndBottomkKeepTheSeriesLabelsBestFirst() throws IOException {
        requests();
        assertThat(vector("topk(2, req)", 0))
                .containsExactly(
                        Map.entry("req{instance=\"a\",job=\"db\"}", 10.0),
                        Map.entry("req{instance=\"b\",job=\"api\"}", 3.0));
        assertThat(vector("bottomk by (job) (1, req)", 0))
                .containsExactly(
                        Map.entry("req{instance=\"a\",job=\"api\"}", 1.0),
                        Map.entry("req{instance=\"a\",job=\"db\"}", 10.0));
        assertThat(vector("topk(0, req)", 0)).isEmpty();
        assertThat(vector("topk(10, req)", 0)).hasSize(3);
    }

    @Test
    void topkTiesKeepTheFirstSeriesInLabelOrderAndNaNRanksLast() throws IOException {
        source.add(l("__name__", "t", "i", "c"), new long[] {0}, 5)
                .add(l("__name__", "t", "i", "a"), new long[] {0}, 5)
                .add(l("__name__", "t", "i", "b"), new long[] {0}, 5)
                .add(l("__name__", "t", "i", "n"), new long[] {0}, Double.NaN);
        assertThat(vector("topk(2, t)", 0)).containsOnlyKeys("t{i=\"a\"}", "t{i=\"b\"}");
        assertThat(vector("bottomk(3, t)", 0)).containsOnlyKeys("t{i=\"a\"}", "t{i=\"b\"}", "t{i=\"c\"}");
    }

    // ---- binary operators

    @Test
    void scalarArithmeticFollowsPrecedence() throws IOException {
        assertThat(scalar("1 + 2 * 3", 0)).isEqualTo(7);
        assertThat(scalar("2 ^ 3 ^ 2", 0)).isEqualTo(512);
        assertThat(scalar("-2 ^ 2", 0)).isEqualTo(-4);
        assertThat(scalar("7 % 3 - 10 / 4", 0)).isEqualTo(-1.5);
        assertThat(scalar("-7 % 3", 0)).isEqualTo(-1);
        assertThat(scalar("1 / 0", 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(scalar("1 == bool 1", 0)).isEqualTo(1);
        assertThat(scalar("2 < bool 1", 0)).isEqualTo(0);
        assertThat(scalar("(1 + 2) * 3", 0)).isEqualTo(9);
    }

    @Test
    void vectorScalarArithmeticDropsTheNameAndComparisonsFilter() throws IOException {
        source.add(l("__name__", "g", "k", "a"), new long[] {0}, 1)
                .add(l("__name__", "g", "k", "b"), new long[] {0}, 4);
        assertThat(vector("g * 2", 0)).containsOnly(Map.entry("{k=\"a\"}", 2.0), Map.entry("{k=\"b\"}", 8.0));
        assertThat(vector("10 - g", 0)).containsOnly(Map.entry("{k=\"a\"}", 9.0), Map.entry("{k=\"b\"}", 6.0));
        assertThat(vector("2 ^ g", 0)).containsOnly(Map.entry("{k=\"a\"}", 2.0), Map.entry("{k=\"b\"}", 16.0));
        assertThat(vector("g > 2", 0)).containsExactly(Map.entry("g{k=\"b\"}", 4.0));
        assertThat(vector("2 < g", 0)).containsExactly(Map.entry("g{k=\"b\"}", 4.0));
        assertThat(vector("g >= 1", 0)).hasSize(2);
        assertThat(vector("g != 1", 0)).containsOnlyKeys("g{k=\"b\"}");
        assertThat(vector("g > bool 2", 0)).containsOnly(Map.entry("{k=\"a\"}", 0.0), Map.entry("{k=\"b\"}", 1.0));
        assertThat(vector("2 >= bool g", 0)).containsOnly(Map.entry("{k=\"a\"}", 1.0), Map.entry("{k=\"b\"}", 0.0));
        assertThat(vector("-g", 0)).containsOnly(Map.entry("{k=\"a\"}", -1.0), Map.entry("{k=\"b\"}", -4.0));
    }

    private void matchingFixtures() {
        source.add(l("__name__", "errors", "job", "api", "instance", "a"), new long[] {0}, 2)
                .add(l("__name__", "errors", "job", "api", "instance", "b"), new long[] {0}, 3)
                .add(l("__name__", "errors", "job", "db", "instance", "a"), new long[] {0}, 1)
                .add(l("__name__", "total", "job", "api", "instance", "a"), new long[] {0}, 10)
                .add(l("__name__", "total", "job", "api", "instance", "b"), new long[] {0}, 30)
                .add(l("__name__", "total", "job", "web", "instance", "a"), new long[] {0}, 5)
                .add(l("__name__", "limit", "job", "api", "team", "x"), new long[] {0}, 4)
                .add(l("__name__", "limit", "job", "db", "team", "y"), new long[] {0}, 0.5);
    }

    @Test
    void vectorsMatchOneToOneOnAllLabelsButTheName() throws IOException {
        matchingFixtures();
        assertThat(vector("errors / total", 0))
                .containsOnly(
                        Map.entry("{instance=\"a\",job=\"api\"}", 0.2), Map.entry("{instance=\"b\",job=\"api\"}", 0.1));
        assertThat(vector("errors > total", 0)).isEmpty();
        assertThat(vector("total > errors", 0))
                .containsOnly(
                        Map.entry("total{instance=\"a\",job=\"api\"}", 10.0),
                        Map.entry("total{instance=\"b\",job=\"api\"}", 30.0));
        assertThat(vector("errors < bool total", 0)).hasSize(2).containsValue(1.0);
    }

    @Test
    void onAndIgnoringChooseTheMatchingLabels() throws IOException {
        matchingFixtures();
        assertThat(vector("sum by (job) (errors) / on(job) limit", 0))
                .containsOnly(Map.entry("{job=\"api\"}", 5.0 / 4), Map.entry("{job=\"db\"}", 2.0));
        assertThat(vector("sum without (instance) (errors) - ignoring(team) limit", 0))
                .containsOnly(Map.entry("{job=\"api\"}", 1.0), Map.entry("{job=\"db\"}", 0.5));
    }

    @Test
    void manyToOneNeedsGroupLeftWhichCopiesIncludedLabels() throws IOException {
        matchingFixtures();
        assertThatThrownBy(() -> engine.instantQuery("errors / on(job) limit", 0))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("many-to-one matching must be explicit (group_left/group_right)");
        assertThat(vector("errors / on(job) group_left(team) limit", 0))
                .containsOnly(
                        Map.entry("{instance=\"a\",job=\"api\",team=\"x\"}", 0.5),
                        Map.entry("{instance=\"b\",job=\"api\",team=\"x\"}", 0.75),
                        Map.entry("{instance=\"a\",job=\"db\",team=\"y\"}", 2.0));
        assertThat(vector("limit * on(job) group_right errors", 0))
                .containsOnly(
                        Map.entry("{instance=\"a\",job=\"api\"}", 8.0),
                        Map.entry("{instance=\"b\",job=\"api\"}", 12.0),
                        Map.entry("{instance=\"a\",job=\"db\"}", 0.5));
        assertThatThrownBy(() -> engine.instantQuery("limit / on(job) group_left errors", 0))
                .isInstanceOf(PromQlException.class)
                .hasMessageContaining("found duplicate series for the match group {job=\"api\"} on the right");
    }

    @Test
    void setOperatorsMatchOnLabelsAndKeepTheLeftSeries() throws IOException {
        matchingFixtures();
        assertThat(vector("errors and total", 0))
                .containsOnlyKeys("errors{instance=\"a\",job=\"api\"}", "errors{instance=\"b\",job=\"api\"}");
        assertThat(vector("errors unless total", 0)).containsOnlyKeys("errors{instance=\"a\",job=\"db\"}");
        assertThat(vector("errors or total", 0))
                .hasSize(4)
                .containsEntry("total{instance=\"a\",job=\"web\"}", 5.0)
                .containsEntry("errors{instance=\"a\",job=\"api\"}", 2.0);
        assertThat(vector("errors and on(job) limit", 0)).hasSize(3);
        assertThat(vector("total unless on(job) limit", 0)).containsOnlyKeys("total{instance=\"a\",job=\"web\"}");
        assertThat(vector("errors > 1 or errors", 0)).hasSize(3);
    }

    // ---- range queries

    @Test
    void rangeQueryEvaluatesAtEveryStep() throws IOException {
        source.every(l("__name__", "c", "job", "a"), 15, 0, 15, 30, 45, 60, 75, 90, 105, 120);
        QueryResult.Matrix m = engine.rangeQuery("rate(c[1m])", 60_000, 120_000, 30_000);
        assertThat(m.series()).hasSize(1);
        SeriesData s = m.series().get(0);
        assertThat(s.labels()).isEqualTo(l("job", "a"));
        assertThat(s.timestamps()).containsExactly(60_000, 90_000, 120_000);
        assertThat(s.values()).containsExactly(1, 1, 1);
        QueryResult.Matrix time = engine.rangeQuery("time() * 2", 0, 60_000, 30_000);
        assertThat(time.series().get(0).labels()).isEqualTo(Labels.of());
        assertThat(time.series().get(0).values()).containsExactly(0, 60, 120);
    }

    @Test
    void rangeQueryReadsEachSelectorOnce() throws IOException {
        source.every(l("__name__", "c"), 15, 0, 15, 30, 45, 60);
        engine.rangeQuery("rate(c[1m]) + c", 0, 60_000, 1_000);
        assertThat(source.selects()).isEqualTo(2);
    }

    @Test
    void topkIsComputedPerStepInARangeQuery() throws IOException {
        source.every(l("__name__", "g", "k", "up"), 60, 1, 2, 3).every(l("__name__", "g", "k", "down"), 60, 3, 2, 1);
        QueryResult.Matrix m = engine.rangeQuery("topk(1, g)", 0, 120_000, 60_000);
        assertThat(m.series())
                .extracting(SeriesData::labels)
                .containsExactly(l("__name__", "g", "k", "down"), l("__name__", "g", "k", "up"));
        // At 60 s both are 2: the tie keeps "down", first in label order.
        assertThat(m.series().get(0).timestamps()).containsExactly(0, 60_000);
        assertThat(m.series().get(1).timestamps()).containsExactly(120_000);
        assertThat(m.series().get(1).values()).containsExactly(3);
    }

    @Test
    void rangeQueryLeavesGapsWhereTheLookbackFindsNothing() throws IOException {
        source.add(l("__name__", "x"), new long[] {0, 600}, 1, 2);
        QueryResult.Matrix m = engine.rangeQuery("x", 0, 600_000, 300_000);
        assertThat(m.series().get(0).timestamps()).containsExactly(0, 300_000, 600_000);
        QueryResult.Matrix gap = engine.rangeQuery("x", 0, 600_000, 200_000);
        assertThat(gap.series().get(0).timestamps()).containsExactly(0, 200_000, 600_000);
    }

    @Test
    void rangeQueryRejectsBadRangesAndTypes() {
        assertThatThrownBy(() -> engine.rangeQuery("1", 0, 10, 0))
                .hasMessage("zero or negative query resolution step widths are not accepted; got 0 ms");
        assertThatThrownBy(() -> engine.rangeQuery("1", 10, 0, 1))
                .hasMessage("end timestamp (0) must not be before start time (10)");
        assertThatThrownBy(() -> engine.rangeQuery("x[5m]", 0, 10, 1))
                .hasMessage(
                        "invalid expression type \"range vector\" for range query, must be scalar or instant vector");
        assertThatThrownBy(() -> engine.rangeQuery("1", 0, 20_000_000, 1000))
                .hasMessage(
                        "exceeded maximum resolution of 11000 points per timeseries (got 20001); try a larger step");
    }

    // ---- limits and conflicts

    @Test
    void seriesAndPointLimitsFailWithAClearError() {
        requests();
        QueryEngine small = new QueryEngine(source, new QueryLimits(2, 1000, 100, 300_000));
        assertThatThrownBy(() -> small.instantQuery("sum(req)", 0))
                .isInstanceOfSatisfying(
                        PromQlException.class, e -> assertThat(e.errorType()).isEqualTo("execution"))
                .hasMessageStartingWith("query would read more than 2 series (3 so far");
        source.every(l("__name__", "many"), 1, new double[50]);
        QueryEngine fewPoints = new QueryEngine(source, new QueryLimits(100, 40, 100, 300_000));
        assertThatThrownBy(() -> fewPoints.instantQuery("rate(many[1m])", 60_000))
                .hasMessageStartingWith("query would read more than 40 points (50 so far");
    }

    @Test
    void resultsWithDuplicateLabelSetsAreAnError() {
        source.every(l("__name__", "a", "job", "x"), 15, 1, 2, 3).every(l("__name__", "b", "job", "x"), 15, 1, 2, 3);
        assertThatThrownBy(() -> engine.instantQuery("rate({job=\"x\"}[1m])", 30_000))
                .hasMessage("vector cannot contain metrics with the same labelset: {job=\"x\"}");
    }

    @Test
    void stringLiteralsEvaluateToStrings() throws IOException {
        QueryResult r = engine.instantQuery("\"hello\"", 5000);
        assertThat(r).isEqualTo(new QueryResult.Str(5000, "hello"));
    }
}
