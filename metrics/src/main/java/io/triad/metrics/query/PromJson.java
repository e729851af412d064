package io.triad.metrics.query;

import com.fasterxml.jackson.core.JsonGenerator;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response bodies of Prometheus's HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}), in the order
 * Prometheus writes them: {@code
 * {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[1700000000.123,"1.5"]}]}}}
 * (streamed, since a dashboard's range answer runs to megabytes) and {@code
 * {"status":"error","errorType":"bad_data","error":"..."}} (a map for any JSON serialiser). Times are seconds with
 * millisecond precision; values are strings ({@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} included).
 */
public final class PromJson {

    private PromJson() {}

    /**
     * Writes the success body for a query result to {@code out}, one token at a time (no tree of the answer is built).
     */
    public static void writeSuccess(QueryResult result, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("status", "success");
        out.writeObjectFieldStart("data");
        out.writeStringField("resultType", result.resultType());
        out.writeFieldName("result");
        switch (result) {
            case QueryResult.Vector v -> {
                out.writeStartArray();
                for (QueryResult.Sample s : v.samples()) {
                    out.writeStartObject();
                    writeMetric(s.labels(), out);
                    out.writeFieldName("value");
                    writePoint(v.timeMillis(), formatValue(s.value()), out);
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            case QueryResult.Matrix m -> {
                out.writeStartArray();
                for (SeriesData s : m.series()) {
                    out.writeStartObject();
                    writeMetric(s.labels(), out);
                    out.writeArrayFieldStart("values");
                    long[] ts = s.timestamps();
                    double[] vs = s.values();
                    for (int i = 0; i < s.size(); i++) {
                        writePoint(ts[i], formatValue(vs[i]), out);
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            case QueryResult.Scalar sc -> writePoint(sc.timeMillis(), formatValue(sc.value()), out);
            case QueryResult.Str st -> writePoint(st.timeMillis(), st.value(), out);
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void writeMetric(Labels labels, JsonGenerator out) throws IOException {
        out.writeObjectFieldStart("metric");
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            out.writeStringField(e.getKey(), e.getValue());
        }
        out.writeEndObject();
    }

    private static void writePoint(long millis, String value, JsonGenerator out) throws IOException {
        out.writeStartArray();
        if (millis % 1000 == 0) {
            out.writeNumber(millis / 1000);
        } else {
            out.writeNumber(formatTime(millis));
        }
        out.writeString(value);
        out.writeEndArray();
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
        int e = shortest.indexOf('E');
        return e < 0 ? shortest : plain(shortest, e);
    }

    /** {@code 1.25E-4} as {@code 0.000125}, {@code 1.0E21} as {@code 1000000000000000000000}. */
    private static String plain(String scientific, int e) {
        boolean negative = scientific.charAt(0) == '-';
        int from = negative ? 1 : 0;
        // Double.toString writes d.ddd: one digit before the point
        StringBuilder digits = new StringBuilder(e);
        digits.append(scientific.charAt(from)).append(scientific, from + 2, e);
        while (digits.length() > 1 && digits.charAt(digits.length() - 1) == '0') {
            digits.setLength(digits.length() - 1);
        }
        int exponent = Integer.parseInt(scientific.substring(e + 1));
        StringBuilder out = new StringBuilder(digits.length() + Math.abs(exponent) + 3);
        if (negative) {
            out.append('-');
        }
        int point = exponent + 1; // digits before the decimal point
        if (point <= 0) {
            out.append("0.");
            out.repeat('0', -point);
            out.append(digits);
        } else if (point >= digits.length()) {
            out.append(digits);
            out.repeat('0', point - digits.length());
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }
}
