package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response bodies of Prometheus's HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}) as plain maps,
 * lists, strings and {@link BigDecimal}s, in the order Prometheus writes them, for any JSON serialiser: {@code
 * {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[1700000000.123,"1.5"]}]}}}
 * and {@code {"status":"error","errorType":"bad_data","error":"..."}}. Times are seconds with millisecond precision;
 * values are strings ({@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} included).
 */
public final class PromJson {

    private PromJson() {}

    /** The success body for a query result. */
    public static Map<String, Object> success(QueryResult result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("resultType", result.resultType());
        data.put(
                "result",
                switch (result) {
                    case QueryResult.Vector v -> vector(v);
                    case QueryResult.Matrix m -> matrix(m);
                    case QueryResult.Scalar s -> point(s.timeMillis(), formatValue(s.value()));
                    case QueryResult.Str s -> point(s.timeMillis(), s.value());
                });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return body;
    }

    /** The error body for a failed query. */
    public static Map<String, Object> error(PromQlException e) {
        return error(e.errorType(), String.valueOf(e.getMessage()));
    }

    /** An error body: {@code errorType} is one of Prometheus's ({@code bad_data}, {@code execution}, ...). */
    public static Map<String, Object> error(String errorType, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errorType", errorType);
        body.put("error", message);
        return body;
    }

    private static List<Object> vector(QueryResult.Vector v) {
        List<Object> out = new ArrayList<>(v.samples().size());
        for (QueryResult.Sample s : v.samples()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("metric", metric(s.labels()));
            e.put("value", point(v.timeMillis(), formatValue(s.value())));
            out.add(e);
        }
        return out;
    }

    private static List<Object> matrix(QueryResult.Matrix m) {
        List<Object> out = new ArrayList<>(m.series().size());
        for (SeriesData s : m.series()) {
            List<Object> values = new ArrayList<>(s.size());
            for (int i = 0; i < s.size(); i++) {
                values.add(point(s.timestamps()[i], formatValue(s.values()[i])));
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("metric", metric(s.labels()));
            e.put("values", values);
            out.add(e);
        }
        return out;
    }

    private static Map<String, String> metric(Labels labels) {
        return new LinkedHashMap<>(labels.asMap());
    }

    private static List<Object> point(long millis, String value) {
        return List.of(formatTime(millis), value);
    }

    /** Seconds since the epoch with up to three decimals: {@code 1700000000}, {@code 1700000000.123}. */
    public static BigDecimal formatTime(long millis) {
        if (millis % 1000 == 0) {
            return BigDecimal.valueOf(millis / 1000);
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    }

    /** A value as Prometheus writes it (Go's {@code 'f', -1} format): {@code 1.5}, {@code 100}, {@code +Inf}. */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String shortest = Double.toString(v); // the shortest digits that read back as v, as Go's -1 precision
        if (shortest.indexOf('E') < 0) {
            return shortest;
        }
        return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }
}
