package io.triad.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link PromJson#writeSuccess} streams, read back as maps, lists, strings and numbers. */
    private static Map<String, Object> success(QueryResult r) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            PromJson.writeSuccess(r, g);
        }
        return JSON.readerFor(Map.class)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readValue(w.toString());
    }

    @Test
    void vectorHasMetricAndValuePairOfSecondsAndString() throws IOException {
        QueryResult.Vector v = new QueryResult.Vector(
                1_700_000_000_123L, List.of(new QueryResult.Sample(Labels.of("__name__", "up", "job", "api"), 1.5)));
        assertThat(success(v))
                .isEqualTo(Map.of(
                        "status",
                        "success",
                        "data",
                        Map.of(
                                "resultType",
                                "vector",
                                "result",
                                List.of(Map.of(
                                        "metric",
                                        Map.of("__name__", "up", "job", "api"),
                                        "value",
                                        List.of(new BigDecimal("1700000000.123"), "1.5"))))));
        assertThat(success(v).keySet()).containsExactly("status", "data");
    }

    @Test
    void matrixHasValuesAndScalarIsAPair() throws IOException {
        QueryResult.Matrix m = new QueryResult.Matrix(List.of(new SeriesData(
                Labels.of("job", "a"), new long[] {1_700_000_000_000L, 1_700_000_015_000L}, new double[] {1, 2.25})));
        assertThat(success(m))
                .isEqualTo(Map.of(
                        "status",
                        "success",
                        "data",
                        Map.of(
                                "resultType",
                                "matrix",
                                "result",
                                List.of(Map.of(
                                        "metric",
                                        Map.of("job", "a"),
                                        "values",
                                        List.of(List.of(1700000000, "1"), List.of(1700000015, "2.25")))))));
        assertThat(success(new QueryResult.Scalar(1000, Double.NaN)))
                .isEqualTo(Map.of(
                        "status", "success", "data", Map.of("resultType", "scalar", "result", List.of(1, "NaN"))));
        assertThat(success(new QueryResult.Str(1500, "hi")).get("data"))
                .isEqualTo(Map.of("resultType", "string", "result", List.of(new BigDecimal("1.5"), "hi")));
    }

    @Test
    void errorsCarryTypeAndMessage() {
        PromQlException e = org.junit.jupiter.api.Assertions.assertThrows(
                PromQlException.class, () -> PromQlParser.parse("rate(x)"));
        assertThat(PromJson.error(e))
                .containsExactly(
                        Map.entry("status", "error"),
                        Map.entry("errorType", "bad_data"),
                        Map.entry(
                                "error",
                                "expected type range vector in call to function \"rate\", got instant vector at 6"));
    }

    @ParameterizedTest
    @CsvSource({
        "1.5, 1.5",
        "100, 100",
        "0, 0",
        "-0.25, -0.25",
        "0.00001, 0.00001",
        "1e21, 1000000000000000000000",
        "0.1, 0.1",
        "123456789.125, 123456789.125",
        "NaN, NaN",
        "Infinity, +Inf",
        "-Infinity, -Inf",
        "1e15, 1000000000000000",
        "999999999999999, 999999999999999",
        "12345678.9, 12345678.9",
        "0.57, 0.57",
        "-4096, -4096",
        "1.0E-5, 0.00001",
        "-1.25E-4, -0.000125",
        "1.2345E-7, 0.00000012345",
        "-2.5E20, -250000000000000000000",
        "1.5E21, 1500000000000000000000",
    })
    void valuesAreFormattedAsGoFormatsThem(double value, String expected) {
        assertThat(PromJson.formatValue(value)).isEqualTo(expected);
        assertThat(PromJson.formatValue(value))
                .isEqualTo(
                        Double.isFinite(value) && value != 0 && !(value == Math.rint(value) && Math.abs(value) < 1e15)
                                ? new BigDecimal(Double.toString(value))
                                        .stripTrailingZeros()
                                        .toPlainString()
                                : expected);
    }

    @Test
    void scientificValuesOfEveryMagnitudeArePlainDecimals() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v) || v == 0 || (v == Math.rint(v) && Math.abs(v) < 1e15)) {
                continue;
            }
            assertThat(PromJson.formatValue(v))
                    .as("%s", v)
                    .isEqualTo(new BigDecimal(Double.toString(v))
                            .stripTrailingZeros()
                            .toPlainString());
        }
        assertThat(PromJson.formatValue(Double.MIN_VALUE))
                .startsWith("0.000")
                .endsWith("49")
                .hasSize(327);
        assertThat(PromJson.formatValue(Double.MAX_VALUE))
                .startsWith("17976931348623157")
                .hasSize(309);
    }

    @Test
    void timesAreSecondsWithMillisecondPrecision() {
        assertThat(PromJson.formatTime(1_700_000_000_123L)).hasToString("1700000000.123");
        assertThat(PromJson.formatTime(1_700_000_000_100L)).hasToString("1700000000.1");
        assertThat(PromJson.formatTime(1_700_000_000_000L)).hasToString("1700000000");
        assertThat(PromJson.formatTime(5L)).hasToString("0.005");
    }
}
