package io.triad.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.metrics.model.Labels;
import io.triad.metrics.query.QueryResult.Sample;
import io.triad.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Prometheus agrees with the engine: the same samples go to the engine and, as {@code input_series}, to {@code
 * promtool test rules} (Debian's prometheus package, installed by .ci/run), whose {@code promql_expr_test}s expect
 * exactly the engine's results; promtool fails on any difference in labels or values.
 */
class PromtoolComparisonIT {
    private static final int POINTS = 41; // 0 .. 10 min every 15 s
    private static final long INTERVAL_SECONDS = 15;

    private static final List<String> QUERIES = List.of(
            "rate(c[1m])",
            "increase(c[2m])",
            "irate(c[1m])",
            "rate(c[5m] offset 1m)",
            "sum by (job) (rate(c[2m]))",
            "sum without (instance) (increase(c[3m]))",
            "max without (instance) (g)",
            "min by (job) (g)",
            "count by (job) (g)",
            "topk(2, g)",
            "bottomk by (job) (1, g)",
            "predict_linear(g[3m], 600)",
            "histogram_quantile(0.9, rate(h_bucket[2m]))",
            "histogram_quantile(0.5, h_bucket)",
            "g > 60",
            "g > bool 60",
            "70 <= g",
            "g * 2 - 1",
            "g ^ 2",
            "g % 7",
            "abs(g - 100)",
            "clamp_min(g, 90)",
            "clamp_max(g, 60)",
            "g / on(job) group_left(team) limit",
            "sum by (job) (g) / on(job) limit",
            "g and on(job) limit",
            "g unless on(job) limit",
            "c or g",
            "g offset 2m",
            "g{job=~\"a.*|w.*\"}",
            "{job!=\"api\", __name__=~\"g|limit\"}",
            "-g + 1",
            "g - ignoring(instance) group_left g{instance=\"a\"}",
            "vector(1) + g");

    private static final List<String> EVAL_TIMES = List.of("3m", "5m", "7m30s", "10m");

    @TempDir
    Path dir;

    @Test
    void promtoolExpectsExactlyTheEnginesResults() throws Exception {
        Path promtool = Tools.require("promtool", "apt-get install prometheus");

        Map<Labels, Double[]> series = fixtures();
        MemorySeriesSource source = new MemorySeriesSource();
        StringBuilder yaml = new StringBuilder("rule_files: []\nevaluation_interval: 1m\ntests:\n");
        yaml.append("  - interval: ").append(INTERVAL_SECONDS).append("s\n    input_series:\n");
        for (Map.Entry<Labels, Double[]> e : series.entrySet()) {
            List<Long> seconds = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            StringBuilder spec = new StringBuilder();
            Double[] points = e.getValue();
            for (int i = 0; i < points.length; i++) {
                spec.append(i == 0 ? "" : " ");
                if (points[i] == null) {
                    spec.append('_');
                } else {
                    spec.append(PromJson.formatValue(points[i]));
                    seconds.add(i * INTERVAL_SECONDS);
                    values.add(points[i]);
                }
            }
            source.add(
                    e.getKey(),
                    seconds.stream().mapToLong(Long::longValue).toArray(),
                    values.stream().mapToDouble(Double::doubleValue).toArray());
            yaml.append("      - series: ").append(quote(e.getKey().toString())).append('\n');
            yaml.append("        values: ").append(quote(spec.toString())).append('\n');
        }
        yaml.append("    promql_expr_test:\n");
        QueryEngine engine = new QueryEngine(source, QueryLimits.defaults());
        int compared = 0;
        for (String query : QUERIES) {
            for (String at : EVAL_TIMES) {
                long millis = PromQlParser.parseDuration(new Lexer.Token(Lexer.Kind.DURATION, at, at, 1));
                QueryResult.Vector v = (QueryResult.Vector) engine.instantQuery(query, millis);
                yaml.append("      - expr: ").append(quote(query)).append('\n');
                yaml.append("        eval_time: ").append(at).append('\n');
                if (v.samples().isEmpty()) {
                    yaml.append("        exp_samples: []\n");
                    continue;
                }
                yaml.append("        exp_samples:\n");
                for (Sample s : v.samples()) {
                    yaml.append("          - labels: ")
                            .append(quote(s.labels().toString()))
                            .append('\n');
                    yaml.append("            value: ")
                            .append(yamlNumber(s.value()))
                            .append('\n');
                    compared++;
                }
            }
        }
        Path file = dir.resolve("engine-vs-prometheus.yml");
        Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.toString(), "test", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("promtool test rules output:\n%s\nfile:\n%s", out, yaml)
                .isZero();
        assertThat(out).contains("SUCCESS");
        assertThat(compared).isGreaterThan(300);
    }

    private static Map<Labels, Double[]> fixtures() {
        Map<Labels, Double[]> m = new LinkedHashMap<>();
        Double[] c1 = new Double[POINTS];
        Double[] c2 = new Double[POINTS];
        Double[] c3 = new Double[POINTS];
        Double[] g1 = new Double[POINTS];
        Double[] g2 = new Double[POINTS];
        Double[] g3 = new Double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            // A counter that resets at sample 20 and misses samples 30 and 31.
            c1[i] = i < 20 ? 3.0 * i + 1 : 2.0 + 3 * (i - 20);
            if (i == 30 || i == 31) {
                c1[i] = null;
            }
            c2[i] = 100 + 7.0 * i;
            c3[i] = i < 10 ? null : 1.5 * (i - 10) + 4;
            g1[i] = 50 + 2.0 * i + (i % 3);
            g2[i] = 100 - 1.25 * i;
            g3[i] = 10 + (double) (i % 5) + 0.1 * i;
        }
        m.put(Labels.of("__name__", "c", "job", "api", "instance", "a"), c1);
        m.put(Labels.of("__name__", "c", "job", "api", "instance", "b"), c2);
        m.put(Labels.of("__name__", "c", "job", "db", "instance", "a"), c3);
        m.put(Labels.of("__name__", "g", "job", "api", "instance", "a"), g1);
        m.put(Labels.of("__name__", "g", "job", "db", "instance", "a"), g2);
        m.put(Labels.of("__name__", "g", "job", "web", "instance", "c"), g3);
        String[] bounds = {"0.1", "0.5", "1", "+Inf"};
        double[] api = {1, 3, 4, 5};
        double[] db = {2, 2, 7, 8};
        for (int b = 0; b < bounds.length; b++) {
            Double[] ha = new Double[POINTS];
            Double[] hd = new Double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                ha[i] = api[b] * i;
                hd[i] = db[b] * i * (1 + (i % 2) * 0.5);
            }
            m.put(Labels.of("__name__", "h_bucket", "job", "api", "le", bounds[b]), ha);
            m.put(Labels.of("__name__", "h_bucket", "job", "db", "le", bounds[b]), hd);
        }
        Double[] limitApi = new Double[POINTS];
        Double[] limitDb = new Double[POINTS];
        java.util.Arrays.fill(limitApi, 4.0);
        java.util.Arrays.fill(limitDb, 0.5);
        m.put(Labels.of("__name__", "limit", "job", "api", "team", "x"), limitApi);
        m.put(Labels.of("__name__", "limit", "job", "db", "team", "y"), limitDb);
        return m;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String yamlNumber(double v) {
        if (Double.isNaN(v)) {
            return ".nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? ".inf" : "-.inf";
        }
        return PromJson.formatValue(v);
    }
}
